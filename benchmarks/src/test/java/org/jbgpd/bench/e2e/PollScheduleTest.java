package org.jbgpd.bench.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The count is read rarely far from the target and often near it; a count that does not move is read ever more rarely. */
class PollScheduleTest {
    private static final long MS = 1_000_000L;

    /** Simulates a steady install of 250k routes/s to 1M with reads that cost {@code readMs}; returns {reads, finish gap ms}. */
    private static long[] steadyInstall(long readMs) {
        long target = 1_000_000;
        PollSchedule s = new PollSchedule(target, 20);
        long t = 0;
        long reads = 0;
        long previous = 0;
        while (true) {
            long count = Math.min(target, t / MS * 250);
            reads++;
            if (count >= target) return new long[] {reads, (t - previous) / MS};
            previous = t;
            t += s.nextGap(t, count, readMs * MS);
        }
    }

    @Test
    void aSteadyMillionRouteInstallIsReadAFewTimesAndTheFinishIsKnownToOneRead() {
        long[] r = steadyInstall(50);
        // 4 s at the old rule (every 4x a 50 ms read) is 20 reads with a 200 ms gap at the finish.
        assertTrue(r[0] <= 14, "reads: " + r[0]);
        assertTrue(r[1] <= 100, "finish gap ms: " + r[1]);
    }

    @Test
    void theGapNeverDropsBelowTwentyMillisecondsOrOneReadNorExceedsOneSecond() {
        PollSchedule s = new PollSchedule(1_000_000, 20);
        assertEquals(20 * MS, s.nextGap(0, 0, MS));
        assertEquals(20 * MS, s.nextGap(20 * MS, 999_999, MS));
        PollSchedule slow = new PollSchedule(1_000_000, 20);
        slow.nextGap(0, 0, 60 * MS);
        assertEquals(60 * MS, slow.nextGap(100 * MS, 999_999, 60 * MS), "one read's time is the floor");
        PollSchedule far = new PollSchedule(1_000_000, 20);
        far.nextGap(0, 0, MS);
        assertEquals(PollSchedule.MAX_GAP_NANOS, far.nextGap(1000 * MS, 10, MS), "10 routes a second: years left, read once a second");
    }

    @Test
    void aCountThatDoesNotMoveIsReadAtDoublingGapsAndACounterMinimumHolds() {
        PollSchedule s = new PollSchedule(1000, 250);
        assertEquals(250 * MS, s.nextGap(0, 0, MS), "GoBGP's count is a process: at most every 250 ms");
        assertEquals(500 * MS, s.nextGap(250 * MS, 0, MS));
        assertEquals(1000 * MS, s.nextGap(750 * MS, 0, MS));
        assertEquals(1000 * MS, s.nextGap(1750 * MS, 0, MS));
    }

    @Test
    void aWithdrawCountingDownIsScheduledByItsDistanceToTheTarget() {
        PollSchedule s = new PollSchedule(0, 20);
        s.nextGap(0, 1_000_000, MS);
        // 500k gone in 1 s: 1 s left, read again in half of it.
        assertEquals(500 * MS, s.nextGap(1000 * MS, 500_000, MS));
    }
}
