package org.jbgpd.bench.e2e;

import java.util.Locale;

/**
 * When a wait for a receiver's route count gives up for lack of progress (ADR 0111). Progress is
 * the count moving, or the receiver's processes still working: at least {@link #BUSY_SHARE} of a
 * core over a window of at least {@link #WINDOW_NANOS}. A receiver that changes its table in one
 * step (GoBGP drops a peer's whole RIB at once, and its summary says "1,000,000" until it is done)
 * shows no count for a minute or more while it works; one that neither counts nor computes for
 * {@link #STALL_NANOS} is stuck and is cut off. One that computes forever without counting is
 * left to the caller's overall timeout, which bounds every wait anyway.
 */
final class StallRule {
    static final long STALL_NANOS = 60_000_000_000L;
    /** CPU is judged over windows at least this long: /proc counts in 10 ms ticks. */
    static final long WINDOW_NANOS = 1_000_000_000L;
    /**
     * A tenth of a core: far above what an idle daemon uses (keepalive timers, BIRD's and zebra's
     * scans: well under 1%), and below what a working receiver gets even when the 2-core machine is
     * shared at load 10-20 (2/load of a core per runnable thread).
     */
    static final double BUSY_SHARE = 0.10;

    private long lastCount;
    private long lastChangeNanos;
    private long longestStillNanos;
    private long lastProgressNanos;
    private long windowStartNanos;
    private double windowStartCpu;
    /** What the last window showed, for the message when the rule gives up. */
    private double lastShare = Double.NaN;

    StallRule(long nowNanos, long count, double cpuSeconds) {
        lastCount = count;
        lastChangeNanos = nowNanos;
        lastProgressNanos = nowNanos;
        windowStartNanos = nowNanos;
        windowStartCpu = cpuSeconds;
    }

    /**
     * Takes one observation (the count just read or estimated, the receiver's CPU seconds so far,
     * NaN when unknown) and returns null while the wait may go on, or why it stops.
     */
    String observe(long nowNanos, long count, double cpuSeconds) {
        if (count != lastCount) {
            lastCount = count;
            lastChangeNanos = nowNanos;
            lastProgressNanos = nowNanos;
        }
        longestStillNanos = Math.max(longestStillNanos, nowNanos - lastChangeNanos);
        long window = nowNanos - windowStartNanos;
        if (window >= WINDOW_NANOS && !Double.isNaN(cpuSeconds)) {
            lastShare = (cpuSeconds - windowStartCpu) / (window / 1e9);
            if (lastShare >= BUSY_SHARE) lastProgressNanos = nowNanos;
            windowStartNanos = nowNanos;
            windowStartCpu = cpuSeconds;
        }
        if (nowNanos - lastProgressNanos <= STALL_NANOS) return null;
        return String.format(Locale.ROOT, "no progress for %d s (count still, receiver CPU under %.0f%% of a core: %s in the last window)",
                STALL_NANOS / 1_000_000_000L, BUSY_SHARE * 100,
                Double.isNaN(lastShare) ? "unknown" : String.format(Locale.ROOT, "%.1f%%", lastShare * 100));
    }

    /**
     * The longest time the count stood still so far; above {@link #STALL_NANOS} only when the
     * receiver's CPU kept the wait going, which the run's log then says.
     */
    long longestStillNanos() {
        return longestStillNanos;
    }
}
