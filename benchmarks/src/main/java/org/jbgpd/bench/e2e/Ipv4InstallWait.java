package org.jbgpd.bench.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * Waits for an IPv4 install to reach its target with the slab poll and as few trie walks as
 * {@link PlateauDating} allows (ADR 0098): the slab every {@link #POLL_MILLIS} ms, an exact
 * fib_triestat read only when a plateau wants confirming, the count is stuck, or no slab is usable.
 * Shared by {@link ReceiverRun} and {@link DatingCheck}, which validates it against the C floor's own clock.
 */
final class Ipv4InstallWait {
    static final long POLL_MILLIS = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Called after every poll with the count (exact, or the estimate between reads); non-null ends the wait with that reason. */
    interface Watch {
        String tick(long nanos, long count);
    }

    /**
     * {@code finish} null when {@code stopped} says why the wait ended early; {@code lastCount}: the last exact count;
     * {@code lastReadNanos}: the wall time of the last exact read.
     */
    record Result(PlateauDating.Finish finish, String stopped, int exactReads, int confirmReads, int slabPolls, long lastCount,
                  long lastReadNanos, long slackRoutes, int deferredPolls) {}

    private final RouteCounter counter;
    private final LongSupplier slab;
    private final SlabGeometry geometry;
    /** Closed when a wait ends: the kept-open slab file of {@link #kernel}, or nothing. */
    private final AutoCloseable slabFile;
    /** Every poll and read as a line ("slab T OBJECTS", "exact START END COUNT CPU BEFORE AFTER", ns), for replaying in tests; or null. */
    private StringBuilder trace;
    /** The receiver's threads' CPU, read near the target so that no walk starts while its writer works (ADR 0127); or null. */
    private ReceiverCpuClock receiverCpu;

    Ipv4InstallWait(RouteCounter counter, LongSupplier slab, SlabGeometry geometry) {
        this(counter, slab, geometry, () -> {});
    }

    private Ipv4InstallWait(RouteCounter counter, LongSupplier slab, SlabGeometry geometry, AutoCloseable slabFile) {
        this.counter = counter;
        this.slab = slab;
        this.geometry = geometry;
        this.slabFile = slabFile;
    }

    /** The kernel's ip_fib_alias cache, or a wait that reads exactly only where it is missing or merged. */
    static Ipv4InstallWait kernel(RouteCounter counter) {
        SlabGeometry g = SlabGeometry.read(SlabGeometry.IP_FIB_ALIAS);
        Path objects = SlabGeometry.IP_FIB_ALIAS.resolve("objects");
        boolean usable = g != null && g.usable() && SlabProgress.objects(objects) >= 0;
        if (!usable) return new Ipv4InstallWait(counter, () -> -1, null);
        // Kept open for the whole wait: no open, String or parse garbage per 10 ms poll (ADR 0096 addendum).
        LeadingNumberFile file = new LeadingNumberFile(objects);
        return new Ipv4InstallWait(counter, file::read, g, file);
    }

    /** Records every sample into {@code into} (see {@link #trace}). */
    Ipv4InstallWait tracing(StringBuilder into) {
        this.trace = into;
        return this;
    }

    /** Reads {@code clock} at every poll near the target: a due walk then waits while the receiver works (ADR 0127). */
    Ipv4InstallWait watchingReceiver(ReceiverCpuClock clock) {
        this.receiverCpu = clock;
        return this;
    }

    /** Whether the finish can be dated by the slab at all (else every finish is an exact read's). */
    boolean slabUsable() {
        return geometry != null;
    }

    Result await(long target, long routes, Watch watch) {
        try {
            return awaitOpen(target, routes, watch);
        } finally {
            if (receiverCpu != null) receiverCpu.close();
            try {
                slabFile.close();
            } catch (Exception e) {
                // a descriptor that does not close has nothing left to say about the wait
            }
        }
    }

    private Result awaitOpen(long target, long routes, Watch watch) {
        PlateauDating dating = new PlateauDating(target, PlateauDating.margin(routes), new PollSchedule(target, counter.minPollMillis()), slabUsable());
        int reads = 0;
        int polls = 0;
        long lastCount = -1;
        long lastReadNanos = 0;
        long slack = geometry == null ? 0 : geometry.slackObjects();
        while (true) {
            long now = System.nanoTime();
            long objects = slab.getAsLong();
            long seen;
            long receiverNanos = receiverCpu != null && dating.wantsReceiverCpu() ? receiverCpu.nanos(now) : -1;
            if (dating.slab(now, objects, receiverNanos)) {
                long before = slab.getAsLong();
                long cpuBefore = THREADS.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                lastCount = counter.count();
                long end = System.nanoTime();
                long cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
                long after = slab.getAsLong();
                reads++;
                lastReadNanos = end - start;
                if (trace != null) {
                    trace.append("slab ").append(now).append(' ').append(objects).append('\n');
                    trace.append("exact ").append(start).append(' ').append(end).append(' ').append(lastCount).append(' ').append(cpu)
                            .append(' ').append(before).append(' ').append(after).append('\n');
                }
                PlateauDating.Finish finish = dating.exact(start, end, lastCount, cpu, before, after);
                if (finish != null) {
                    return new Result(finish, null, reads, dating.confirmReads(), polls, lastCount, lastReadNanos, slack, dating.deferredPolls());
                }
                now = end;
                seen = lastCount;
            } else {
                if (trace != null) trace.append("slab ").append(now).append(' ').append(objects).append('\n');
                polls++;
                long estimate = dating.estimate();
                seen = estimate >= 0 ? estimate : lastCount;
            }
            String stop = watch.tick(now, seen);
            if (stop != null) {
                return new Result(null, stop, reads, dating.confirmReads(), polls, lastCount, lastReadNanos, slack, dating.deferredPolls());
            }
            Sleep.millis(POLL_MILLIS);
        }
    }
}
