package org.jbgpd.bench.e2e;

/**
 * When to read the route count next while waiting for it to reach a target (ADR 0096). A read of
 * /proc/net/fib_triestat walks the whole trie (about 44 ms of CPU at 1M routes, 1.6 ms at 100k)
 * on the same two cores the receiver is timed on, so the harness reads rarely while the count is
 * far from the target and often only near it: the next read comes after half the time the recent
 * rate says is left, never sooner than {@link #floorNanos} (20 ms, the counter's own minimum, and
 * one read's time, so polling at the floor keeps at most half a core busy, and only for the last
 * few reads) and never later than {@link #MAX_GAP_NANOS}. While the count does not move the gap
 * doubles, so a stall costs few reads. The precision of a finish is the gap before the read that
 * saw the target: the true moment lies in that gap; {@link ReceiverRun} reports it.
 *
 * <p>Works for counts going up (install) and down (withdraw): only the distance to the target matters.
 */
final class PollSchedule {
    static final long MIN_GAP_NANOS = 20_000_000L;
    static final long MAX_GAP_NANOS = 1_000_000_000L;

    private final long target;
    private final long counterMinNanos;
    private long lastTime = Long.MIN_VALUE;
    private long lastCount;
    private long lastGap;

    PollSchedule(long target, long counterMinMillis) {
        this.target = target;
        this.counterMinNanos = Math.max(MIN_GAP_NANOS, counterMinMillis * 1_000_000L);
    }

    long floorNanos(long readNanos) {
        return Math.max(counterMinNanos, readNanos);
    }

    /** The pause before the next read, given the count just read at {@code now} and how long that read took. */
    long nextGap(long now, long count, long readNanos) {
        long floor = floorNanos(readNanos);
        long gap;
        if (lastTime == Long.MIN_VALUE) {
            gap = floor;
        } else {
            long moved = Math.abs(count - lastCount);
            long elapsed = Math.max(1, now - lastTime);
            if (moved == 0) {
                gap = 2 * Math.max(lastGap, floor);
            } else {
                double left = Math.abs(target - count) * (double) elapsed / moved;
                gap = (long) (left / 2);
            }
        }
        gap = Math.min(MAX_GAP_NANOS, Math.max(floor, gap));
        lastTime = now;
        lastCount = count;
        lastGap = gap;
        return gap;
    }
}
