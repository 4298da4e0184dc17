package org.jbgpd.bench.e2e;

/**
 * Dates the end of an IPv4 install from the {@code ip_fib_alias} slab count instead of walking the
 * trie (ADR 0098, addendum 2026-12-02 b). Every IPv4 route owns one {@code fib_alias}; SLUB's
 * {@code objects} is the cache's objects minus the free ones in node-partial slabs, so the free
 * objects of per-CPU slabs count as used and the value moves in steps (a new slab: +objs_per_slab)
 * ahead of the routes. The step that reaches the value the count settles on is the last slab taken
 * for the install; after it at most the per-CPU slabs' free objects ({@link SlabGeometry#slackObjects})
 * can still be allocated without a step. So the finish is dated at the poll that first saw the settled
 * value: at most one poll gap late, and early by at most the routes of that slack (and by no more than
 * the confirming read's end, which saw them all).
 * <p>
 * Pure logic, fed with samples by the caller (unit-tested with recorded sequences): {@link #slab} for
 * every slab poll (~10 ms apart) says when an exact count (fib_triestat walk) is due; {@link #exact}
 * takes its result and returns the finish once the count reached the target. Rules:
 * <ul>
 * <li>one exact read first (the baseline of the estimate = last exact count + what the cache gained since);</li>
 * <li>a value unchanged for {@link #SETTLE_NEAR_NANOS} while the estimate is within the margin of the target
 *     (or for {@link #SETTLE_FAR_NANOS} anywhere: an estimate that other namespaces make wrong) gets ONE
 *     confirming exact read;</li>
 * <li>a confirming read short of the target (a receiver that paused or stalled, e.g. waiting for the
 *     feeder's last UPDATE, whose routes may fit in the per-CPU slack) means: no slab dating until the
 *     value changes again; meanwhile exact reads follow {@link PollSchedule} near the target, and every
 *     {@link #STUCK_FAR_NANOS} far from it, and a finish seen that way is dated by the read's end, as before;</li>
 * <li>no slab (file missing, read failing, cache merged with others): exact reads by {@link PollSchedule}
 *     only, dated by the read's end (ADR 0096).</li>
 * </ul>
 */
final class PlateauDating {
    /** A value unchanged this long near the target is a finish candidate: a steady install takes a new slab every poll. */
    static final long SETTLE_NEAR_NANOS = 50_000_000L;
    /** Far from the target (by the estimate) a value must stand this long before it is worth a walk. */
    static final long SETTLE_FAR_NANOS = 1_000_000_000L;
    /** After a short read far from the target, while the value does not move: one exact read this often. */
    static final long STUCK_FAR_NANOS = 2_000_000_000L;

    /** How a finish was dated. */
    enum Method {
        /** The first slab poll that saw the settled value, confirmed by an exact read. */
        SLAB_PLATEAU("slab plateau"),
        /** The end of the exact read that first saw the target (the slab could not date it). */
        EXACT_READ("exact read"),
        /** The end of the exact read that first saw the target; no usable slab count. */
        EXACT_NO_SLAB("exact read (no slab)");

        final String label;

        Method(String label) {
            this.label = label;
        }
    }

    /**
     * The dated finish: {@code nanos} (System.nanoTime scale); {@code lateNanos}: how late it may be (slab: the
     * gap to the poll before; exact: the gap since the previous read's start, ADR 0096's "finish gap");
     * {@code confirmEndNanos}: end of the exact read that saw the target (slab dating may be early by at most
     * {@code confirmEndNanos - nanos} and by the slack's routes).
     */
    record Finish(long nanos, Method method, long lateNanos, long confirmEndNanos, long slabValue) {
        long earlyBoundNanos() {
            return method == Method.SLAB_PLATEAU ? confirmEndNanos - nanos : 0;
        }
    }

    private static final long NONE = Long.MIN_VALUE;

    private final long target;
    private final long margin;
    private final PollSchedule schedule;
    private final boolean slabUsable;

    private boolean slabFailed;
    private long value = NONE;
    private long valueSince = NONE;
    private long pollBeforeValue = NONE;
    private long lastPoll = NONE;

    private int exactReads;
    private long lastExactStart = NONE;
    private long lastShortEnd = NONE;
    private long nextScheduled = NONE;
    private long exactCount;
    private long objectsAtExact;
    private int confirmReads;

    /** {@code slabUsable}: false where the cache is missing or merged with others (then exact reads only). */
    PlateauDating(long target, long margin, PollSchedule schedule, boolean slabUsable) {
        this.target = target;
        this.margin = margin;
        this.schedule = schedule;
        this.slabUsable = slabUsable;
    }

    /** Exact reads resume within a hundredth of the routes of the target, at least 2,000 (ADR 0098). */
    static long margin(long routes) {
        return Math.max(2_000, routes / 100);
    }

    /**
     * One slab poll at {@code nanos} ({@code objects} &lt; 0: the read failed). Returns true when an exact
     * read is due now; the caller then reads the slab again just before and just after it and calls {@link #exact}.
     */
    boolean slab(long nanos, long objects) {
        if (exactReads == 0) return true;
        if (!slabUsable || slabFailed || objects < 0) {
            slabFailed = true;
            return nanos >= nextScheduled;
        }
        observe(nanos, objects);
        boolean near = estimate(objects) >= target - margin;
        if (!changedSinceShortRead()) {
            // Stuck since a read that was short: the slab cannot date what comes without a step, the reads do.
            long gap = near ? nextScheduled - lastExactStart : STUCK_FAR_NANOS;
            return nanos - lastExactStart >= gap;
        }
        if (nanos - valueSince >= (near ? SETTLE_NEAR_NANOS : SETTLE_FAR_NANOS)) {
            confirmReads++;
            return true;
        }
        return false;
    }

    /**
     * An exact read from {@code start} to {@code end} that returned {@code count} and cost {@code cpuNanos}
     * of the harness thread; {@code objectsBefore}/{@code objectsAfter}: the slab just before and just after
     * (-1 if not read). Returns the finish when the count reached the target, else null.
     */
    Finish exact(long start, long end, long count, long cpuNanos, long objectsBefore, long objectsAfter) {
        exactReads++;
        long previousStart = lastExactStart;
        long gap = schedule.nextGap(start, count, end - start, cpuNanos);
        if (objectsBefore < 0 || objectsAfter < 0) slabFailed = true;
        boolean slab = slabUsable && !slabFailed;
        if (slab) {
            // Both sides of the read: a value that stood through a short read cannot date what follows it.
            observe(start, objectsBefore);
            observe(end, objectsAfter);
        }
        if (count >= target) {
            long late = previousStart == NONE ? 0 : start - previousStart;
            if (!slab) return new Finish(end, Method.EXACT_NO_SLAB, late, end, -1);
            if (changedSinceShortRead() && valueSince < end) {
                return new Finish(valueSince, Method.SLAB_PLATEAU, valueSince - pollBeforeValue, end, value);
            }
            return new Finish(end, Method.EXACT_READ, late, end, value);
        }
        lastExactStart = start;
        lastShortEnd = end;
        nextScheduled = start + gap;
        exactCount = count;
        objectsAtExact = objectsBefore;
        return null;
    }

    /** The last exact count moved by what the cache gained since (an estimate, never a finish). */
    long estimate(long objects) {
        return exactCount + (objects - objectsAtExact);
    }

    /** The estimate from the last slab value, or -1 before any / without a slab. */
    long estimate() {
        return value == NONE || slabFailed ? -1 : estimate(value);
    }

    int confirmReads() {
        return confirmReads;
    }

    private void observe(long nanos, long objects) {
        if (objects != value) {
            pollBeforeValue = lastPoll == NONE ? nanos : lastPoll;
            value = objects;
            valueSince = nanos;
        }
        lastPoll = nanos;
    }

    /** The current value was first seen at or after the end of the last read that was short of the target. */
    private boolean changedSinceShortRead() {
        return lastShortEnd == NONE || valueSince >= lastShortEnd;
    }
}
