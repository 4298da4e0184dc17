package org.jbgpd.bench.e2e;

/**
 * Decides when to read the exact IPv4 count (a walk of the whole trie in /proc/net/fib_triestat, one long RCU
 * read-side section that stalls the trie writer's grace periods, ADR 0115) during an install, from the
 * {@code ip_fib_alias} slab count (ADR 0098, addendum 2026-12-02 b). Every IPv4 route owns one {@code fib_alias};
 * SLUB's {@code objects} is the cache's objects minus the free ones in node-partial slabs, so the free objects of
 * per-CPU slabs count as used and the value moves in steps (a new slab: +objs_per_slab) ahead of the routes. While
 * it moves, the install goes on and no walk is made; once it stands still near the target, ONE walk confirms.
 * The finish is dated by the end of the walk that saw the target, never by the plateau: after the last step up to
 * the per-CPU slack ({@link SlabGeometry#slackObjects}, 730 routes here) can still go in, and at 1M the kernel took
 * up to 0.57 s for the last 64 of them (DatingCheck against the C floor's own clock). The plateau's first poll is
 * the lower edge of the finish gap.
 * <p>
 * Pure logic, fed with samples by the caller (unit-tested with recorded sequences): {@link #slab} for
 * every slab poll (~10 ms apart) says when an exact count (fib_triestat walk) is due; {@link #exact}
 * takes its result and returns the finish once the count reached the target. Rules:
 * <ul>
 * <li>one exact read first (the baseline of the estimate = last exact count + what the cache gained since);</li>
 * <li>a value unchanged for {@link #settleNear} (10-50 ms) while the estimate is within the margin of the target
 *     (or for {@link #SETTLE_FAR_NANOS} anywhere: an estimate that other namespaces make wrong) gets ONE
 *     confirming exact read;</li>
 * <li>a confirming read short of the target (a receiver that paused or stalled, e.g. waiting for the
 *     feeder's last UPDATE, whose routes may fit in the per-CPU slack) means: no slab dating until the
 *     value changes again; meanwhile exact reads come one read plus its CPU apart near the target
 *     ({@link #STUCK_CPU_FACTOR}: each walk stalls the writer), and every {@link #STUCK_FAR_NANOS}
 *     far from it, and a finish seen that way is dated by the read's end, as before;</li>
 * <li>no slab (file missing, read failing, cache merged with others): exact reads by {@link PollSchedule}
 *     only, dated by the read's end (ADR 0096).</li>
 * </ul>
 */
final class PlateauDating {
    /**
     * A value unchanged this long near the target is a finish candidate (a steady install takes a new slab every poll).
     * A confirming read that comes too early (the writer is still in its tail) is no error: the slab then waits for its
     * next step and walks follow {@link #STUCK_CPU_FACTOR}. A longer settle (twice the longest recent stand, tried) made a
     * stalled receiver's finish 0.5 s late at 100k and did not keep the walk out of the 1M tail (DatingCheck, ADR 0098).
     */
    static final long SETTLE_NEAR_NANOS = 50_000_000L;
    /** Below 1M routes the settle shrinks with N (a walk of 100k costs ~4 ms: a walk too early costs little), down to this. */
    static final long SETTLE_NEAR_MIN_NANOS = 10_000_000L;
    /**
     * Stuck near the target: walks one read plus this many times its CPU apart (at most half of the time walking, so
     * the writer's tail is not held up by back-to-back walks; the finish gap is then about two reads, as before ADR 0098).
     */
    static final long STUCK_CPU_FACTOR = 1;
    /** Far from the target (by the estimate) a value must stand this long before it is worth a walk. */
    static final long SETTLE_FAR_NANOS = 1_000_000_000L;
    /** After a short read far from the target, while the value does not move: one exact read this often. */
    static final long STUCK_FAR_NANOS = 2_000_000_000L;
    /** The receiver's CPU over at least this long says whether its writer still works (2 polls). */
    static final long BUSY_WINDOW_NANOS = 20_000_000L;
    /**
     * A walk waits for a working receiver at most this long (a receiver busy with something else after its last route, e.g.
     * a JIT compile, costs the figure at most this): at 1M one walk takes 100-300 ms, which a writer in its tail would sleep.
     */
    static final long MAX_WAIT_FOR_IDLE_NANOS = 250_000_000L;

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
     * The dated finish: {@code nanos} (System.nanoTime scale), always the end of the exact read that saw the target, so
     * never early; {@code lateNanos}: how late it may be (plateau: since the poll before the settled value was first seen;
     * exact: since the previous read's start, which is ADR 0096's "finish gap" plus this read's own time); {@code plateauNanos}: the first poll of the settled
     * value (or {@link Long#MIN_VALUE}): the slab's own guess, early by the time of at most the per-CPU slack's routes.
     */
    record Finish(long nanos, Method method, long lateNanos, long confirmEndNanos, long slabValue, long plateauNanos) {
        /** How long before the dated finish the settled value was first seen; 0 when not dated after a plateau. */
        long plateauLeadNanos() {
            return plateauNanos == Long.MIN_VALUE ? 0 : nanos - plateauNanos;
        }
    }

    private static final long NONE = Long.MIN_VALUE;

    private final long target;
    private final long margin;
    private final PollSchedule schedule;
    private final boolean slabUsable;
    private final long settleNear;

    private boolean slabFailed;
    private long value = NONE;
    private long valueSince = NONE;
    private long pollBeforeValue = NONE;
    private long lastPoll = NONE;

    private int exactReads;
    private long lastExactStart = NONE;
    private long lastShortEnd = NONE;
    private long nextScheduled = NONE;
    /** Stuck near the target: the next exact read ({@link #STUCK_CPU_FACTOR}). */
    private long nextStuck = NONE;
    private long exactCount;
    private long objectsAtExact;
    private int confirmReads;
    /** The receiver's CPU clock at the last polls (a ring), for {@link #receiverBusy}. */
    private final long[] cpuAt = new long[8];
    private final long[] cpuValue = new long[8];
    private int cpuSamples;
    /** When the pending walk first came due while the receiver worked, or NONE. */
    private long dueSince = NONE;
    private int deferredPolls;

    /** {@code slabUsable}: false where the cache is missing or merged with others (then exact reads only). */
    PlateauDating(long target, long margin, PollSchedule schedule, boolean slabUsable) {
        this.target = target;
        this.margin = margin;
        this.schedule = schedule;
        this.slabUsable = slabUsable;
        this.settleNear = settleNear(target);
    }

    /** {@link #SETTLE_NEAR_NANOS} at 1M routes and above, in proportion below, at least {@link #SETTLE_NEAR_MIN_NANOS}. */
    static long settleNear(long routes) {
        return Math.max(SETTLE_NEAR_MIN_NANOS, Math.min(SETTLE_NEAR_NANOS, SETTLE_NEAR_NANOS * routes / 1_000_000));
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
        return slab(nanos, objects, -1);
    }

    /**
     * As {@link #slab(long, long)}, with the receiver's CPU clock ({@code receiverCpuNanos}: ns its threads have been on a
     * CPU, -1 when unknown; needed only while {@link #wantsReceiverCpu()}). Near the target a walk that is due waits while the receiver
     * used at least a quarter of a core over the last {@link #BUSY_WINDOW_NANOS}, at most {@link #MAX_WAIT_FOR_IDLE_NANOS}:
     * a writer still in its tail would sleep in synchronize_rcu_expedited for the whole walk (ADR 0127).
     */
    boolean slab(long nanos, long objects, long receiverCpuNanos) {
        noteCpu(nanos, receiverCpuNanos);
        if (exactReads == 0) return true;
        if (!slabUsable || slabFailed || objects < 0) {
            slabFailed = true;
            return nanos >= nextScheduled;
        }
        observe(nanos, objects);
        boolean near = estimate(objects) >= target - margin;
        boolean due;
        boolean confirm = false;
        if (!changedSinceShortRead()) {
            // Stuck since a read that was short: the slab cannot date what comes without a step, the reads do.
            due = near ? nanos >= nextStuck : nanos - lastExactStart >= STUCK_FAR_NANOS;
        } else {
            due = nanos - valueSince >= (near ? settleNear : SETTLE_FAR_NANOS);
            confirm = due;
        }
        if (!due) {
            dueSince = NONE;
            return false;
        }
        if (near && receiverBusy(nanos)) {
            if (dueSince == NONE) dueSince = nanos;
            if (nanos - dueSince < MAX_WAIT_FOR_IDLE_NANOS) {
                deferredPolls++;
                return false;
            }
        }
        dueSince = NONE;
        if (confirm) confirmReads++;
        return true;
    }

    /**
     * Whether the receiver's CPU is wanted at the next poll: from four margins below the target on, so that the clock has a
     * window ({@link #BUSY_WINDOW_NANOS}) by the time a walk near the target comes due.
     */
    boolean wantsReceiverCpu() {
        return value != NONE && !slabFailed && exactReads > 0 && estimate(value) >= target - 4 * margin;
    }

    /** Polls at which a due walk waited for the receiver to stop working. */
    int deferredPolls() {
        return deferredPolls;
    }

    private void noteCpu(long nanos, long cpu) {
        if (cpu < 0) {
            cpuSamples = 0; // unknown: no waiting on it
            return;
        }
        int i = cpuSamples++ % cpuAt.length;
        cpuAt[i] = nanos;
        cpuValue[i] = cpu;
    }

    /**
     * True while the receiver used at least a quarter of a core since the newest sample {@link #BUSY_WINDOW_NANOS} or more
     * old (or, on a clock that started less than that ago, since its first sample, once one poll apart); true on a clock of
     * one sample (or samples under a quarter of the window apart); false without a clock.
     */
    private boolean receiverBusy(long nanos) {
        if (cpuSamples == 0) return false;
        int newest = (cpuSamples - 1) % cpuAt.length;
        long span = 0;
        long used = 0;
        for (int k = 1; k < Math.min(cpuSamples, cpuAt.length); k++) {
            int i = Math.floorMod(newest - k, cpuAt.length);
            span = cpuAt[newest] - cpuAt[i];
            used = cpuValue[newest] - cpuValue[i];
            if (span >= BUSY_WINDOW_NANOS) break;
        }
        return span < BUSY_WINDOW_NANOS / 4 || used * 4 >= span;
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
            // The previous read was short at some moment after its start, so the finish came after that start.
            long late = previousStart == NONE ? 0 : end - previousStart;
            if (!slab) return new Finish(end, Method.EXACT_NO_SLAB, late, end, -1, NONE);
            if (changedSinceShortRead() && valueSince < end) {
                // Dated by the read's end, never by the plateau itself: the last routes inside the slack can take the
                // kernel hundreds of ms at 1M (DatingCheck: a 64-route sendmsg took 534-574 ms). The finish lies after the
                // poll before the settled value, so that is the lower edge of the gap.
                return new Finish(end, Method.SLAB_PLATEAU, end - pollBeforeValue, end, value, valueSince);
            }
            return new Finish(end, Method.EXACT_READ, late, end, value, NONE);
        }
        lastExactStart = start;
        lastShortEnd = end;
        nextScheduled = start + gap;
        nextStuck = start + Math.max(gap, (end - start) + Math.max(PollSchedule.MIN_GAP_NANOS, STUCK_CPU_FACTOR * cpuNanos));
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

    /**
     * The current value was first seen by a poll after the last read that was short of the target. A value that
     * appeared during that read does not count: its step may have come before the walk passed, with routes still to
     * come inside the new slab (recorded at 1M: 23 routes short when the last slab came, 377 ms before the writer's end).
     */
    private boolean changedSinceShortRead() {
        return lastShortEnd == NONE || valueSince > lastShortEnd;
    }
}
