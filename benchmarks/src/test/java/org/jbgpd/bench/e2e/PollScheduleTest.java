package org.jbgpd.bench.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The count is read rarely far from the target and often near it; a count that does not move is read ever more rarely. */
class PollScheduleTest {
    private static final long MS = 1_000_000L;

    /**
     * Simulates a steady install of 250k routes/s to 1M where a read costs 44 ms of CPU per million
     * routes in the table (as fib_triestat does); returns {read CPU ms in total, finish gap ms}.
     */
    private static long[] steadyInstall(PollSchedule s) {
        long target = 1_000_000;
        long t = 0;
        long cpu = 0;
        long previous = 0;
        while (true) {
            long count = Math.min(target, t / MS * 250);
            long read = Math.max(MS / 10, 44 * MS * count / target);
            cpu += read;
            if (count >= target) return new long[] {cpu / MS, (t - previous) / MS};
            previous = t;
            t += s.nextGap(t, count, read, read);
        }
    }

    @Test
    void aSteadyMillionRouteInstallIsKnownToOneReadAtTheFinishForAQuarterMoreReadingThanTheOldRule() {
        long[] now = steadyInstall(new PollSchedule(1_000_000, 20));
        long[] old = steadyInstall(PollSchedule.legacy(20));
        assertTrue(now[0] < old[0] * 13 / 10, "read CPU ms: " + now[0] + " now, " + old[0] + " with the old rule");
        assertTrue(now[1] < old[1], "finish gap ms: " + now[1] + " now, " + old[1] + " with the old rule");
        assertTrue(now[1] <= 60, "finish gap ms: " + now[1] + " (old rule: " + old[1] + ")");
        System.out.println("steady 1M install, simulated: read CPU " + now[0] + " ms, finish gap " + now[1] + " ms; old rule " + old[0] + " ms, " + old[1] + " ms");
    }

    @Test
    void theGapStaysBetweenTheFloorAndFourReadsOfCpu() {
        PollSchedule s = new PollSchedule(1_000_000, 20);
        assertEquals(21 * MS, s.nextGap(0, 0, MS));
        assertEquals(20 * MS, s.nextGap(20 * MS, 999_999, MS), "near the target: the floor");
        PollSchedule slow = new PollSchedule(1_000_000, 20);
        slow.nextGap(0, 0, 60 * MS, 40 * MS);
        assertEquals(60 * MS, slow.nextGap(100 * MS, 999_999, 60 * MS, 40 * MS), "one read's wall time is the floor");
        PollSchedule far = new PollSchedule(1_000_000, 20);
        far.nextGap(0, 0, 60 * MS, 40 * MS);
        assertEquals(220 * MS, far.nextGap(1000 * MS, 10, 60 * MS, 40 * MS), "years left: still one read and four reads' CPU");
    }

    @Test
    void aCountThatDoesNotMoveIsReadEveryFourReadsOfCpuAsBeforeButNotByWallTime() {
        PollSchedule s = new PollSchedule(1_000_000, 20);
        // A busy machine: the read took 250 ms of wall time but 45 ms of CPU.
        assertEquals(430 * MS, s.nextGap(0, 0, 250 * MS, 45 * MS), "not 250 + 4 x 250 ms as before");
        PollSchedule quiet = new PollSchedule(1_000_000, 20);
        assertEquals(230 * MS, quiet.nextGap(0, 0, 50 * MS, 45 * MS));
        assertEquals(230 * MS, quiet.nextGap(230 * MS, 0, 50 * MS, 45 * MS));
        PollSchedule gobgp = new PollSchedule(1000, 250);
        assertEquals(290 * MS, gobgp.nextGap(0, 0, 40 * MS, MS), "GoBGP's count is a process: 250 ms after it ends");
    }

    @Test
    void aWithdrawCountingDownIsScheduledByItsDistanceToTheTarget() {
        PollSchedule s = new PollSchedule(0, 20);
        s.nextGap(0, 1_000_000, 40 * MS);
        // 999k gone in 1 s: 1 ms left, read again at the floor.
        assertEquals(40 * MS, s.nextGap(1000 * MS, 1_000, 40 * MS));
        assertEquals(40 * MS, s.nextGap(1040 * MS, 500, 40 * MS));
    }
}
