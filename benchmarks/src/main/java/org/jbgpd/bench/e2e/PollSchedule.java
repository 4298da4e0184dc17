package org.jbgpd.bench.e2e;

/**
 * When to read the route count next while waiting for it to reach a target (ADR 0096). A read of
 * /proc/net/fib_triestat walks the whole trie (about 44 ms of CPU at 1M routes, 1.6 ms at 100k,
 * 0.14 ms at 10k) on the same two cores the receiver is timed on. The rule, the same for every
 * receiver:
 * <ul>
 * <li>floor: max(20 ms, the counter's own minimum, one read's wall time);</li>
 * <li>at most one read plus max(20 ms, {@link #STEADY_FACTOR} x its CPU) apart: the rule before ADR 0096
 *     (at most a fifth of a core), but with the read's CPU instead of its wall time, which on a busy
 *     machine is mostly waiting for a CPU and stretched the gap at the finish to a second;</li>
 * <li>closer while the count moves and the recent rate says the target is near: a quarter of the
 *     time left, down to the floor, so the last reads come quickly.</li>
 * </ul>
 * Longer gaps far from the target (after the estimated time left) were tried and dropped: the rate
 * after Established grows more than fourfold, so the finish fell into long gaps (ADR 0096). The
 * precision of a finish is the gap before the read that saw the target: the true moment lies in
 * that gap; {@link ReceiverRun} reports it. Counts going up (install) and down (withdraw) work alike.
 */
final class PollSchedule {
    static final long MIN_GAP_NANOS = 20_000_000L;
    /** While the count does not move (start, a pause, a stall), read every this many reads' CPU: the rule before ADR 0096, at most 20% of a core. */
    static final long STEADY_FACTOR = 4;
    /** A quarter of the estimated time left: the rate may grow fourfold before a read comes late. */
    static final long ESTIMATE_DIVISOR = 4;

    private final long target;
    private final long counterMinNanos;
    private long lastTime = Long.MIN_VALUE;
    private long lastCount;

    private final boolean legacy;

    PollSchedule(long target, long counterMinMillis) {
        this(target, counterMinMillis, false);
    }

    private PollSchedule(long target, long counterMinMillis, boolean legacy) {
        this.target = target;
        this.counterMinNanos = Math.max(MIN_GAP_NANOS, counterMinMillis * 1_000_000L);
        this.legacy = legacy;
    }

    /** The rule before ADR 0096, kept to measure what it cost: every max(20 ms, the counter's minimum, 4x one read). */
    static PollSchedule legacy(long counterMinMillis) {
        return new PollSchedule(0, counterMinMillis, true);
    }

    long floorNanos(long readNanos) {
        return Math.max(counterMinNanos, readNanos);
    }

    /** As {@link #nextGap(long, long, long, long)} for a read whose CPU cost is its wall time. */
    long nextGap(long now, long count, long readNanos) {
        return nextGap(now, count, readNanos, readNanos);
    }

    /**
     * The pause before the next read, given the count just read at {@code now}, how long that read
     * took ({@code readNanos}, wall: the floor) and what it cost ({@code readCpuNanos}, the harness
     * thread's CPU: on a busy machine a read's wall time is mostly waiting for a CPU, which is no cost
     * to the receiver).
     */
    long nextGap(long now, long count, long readNanos, long readCpuNanos) {
        // The gap runs from the start of a read; the old rule counted it from the read's end.
        if (legacy) return readNanos + Math.max(counterMinNanos, 4 * readNanos);
        long floor = floorNanos(readNanos);
        long steady = readNanos + Math.max(counterMinNanos, STEADY_FACTOR * readCpuNanos);
        long gap = steady;
        if (lastTime != Long.MIN_VALUE) {
            long moved = Math.abs(count - lastCount);
            long elapsed = Math.max(1, now - lastTime);
            if (moved > 0) {
                double left = Math.abs(target - count) * (double) elapsed / moved;
                gap = Math.max(floor, (long) Math.min(steady, left / ESTIMATE_DIVISOR));
            }
        }
        lastTime = now;
        lastCount = count;
        return gap;
    }
}
