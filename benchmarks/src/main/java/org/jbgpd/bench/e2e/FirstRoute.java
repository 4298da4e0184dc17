package org.jbgpd.bench.e2e;

import java.time.Instant;

/**
 * Watches the receiver's kernel table for its first route (the ramp: from Established to the first
 * route in the kernel, issue 8). Reads every millisecond from the feeder's enable on, also while the
 * harness is still waiting to see Established (it asks the feeder only every 50 ms), so a receiver
 * that installs within those 50 ms is still timed. Cheap: while the count is still the baseline the
 * IPv4 trie holds a handful of routes and its walk takes microseconds; the watch stops at the first
 * route. Only for receivers that install into the kernel (not GoBGP's RIB count).
 */
final class FirstRoute {
    private static final long POLL_MILLIS = 1;

    private final RouteCounter kernel;
    /** The kernel's count file kept open for the 1 ms reads (ADR 0096 addendum), closed at the first route or the end of {@link #await}. */
    private final KernelCounter.KeptOpen keptOpen;
    private final long baseline;
    private Instant seen;

    FirstRoute(RouteCounter kernel, long baseline) {
        this.kernel = kernel;
        this.keptOpen = kernel instanceof KernelCounter k ? k.keptOpen() : null;
        this.baseline = baseline;
    }

    /** Watches for up to {@code millis} ms; returns early once the first route is seen. */
    void watch(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (seen == null) {
            if ((keptOpen != null ? keptOpen.count() : kernel.count()) > baseline) {
                seen = Instant.now();
                if (keptOpen != null) keptOpen.close();
                return;
            }
            if (System.nanoTime() >= deadline) return;
            Sleep.millis(POLL_MILLIS);
        }
    }

    /** Watches until the first route or {@code seconds} have passed or the receiver died. */
    void await(RunningReceiver rx, long seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (seen == null && System.nanoTime() < deadline && rx.deadReason() == null) watch(100);
        if (keptOpen != null) keptOpen.close();
    }

    /** When the first route was seen, or null. */
    Instant seen() {
        return seen;
    }

    /** Seconds from {@code established} to the first route (0 when BIRD's ms timestamp is a hair later), NaN when none was seen. */
    double rampSeconds(Instant established) {
        if (seen == null) return Double.NaN;
        return Math.max(0, ReceiverRun.seconds(established, seen));
    }
}
