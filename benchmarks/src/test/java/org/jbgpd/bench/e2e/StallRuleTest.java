package org.jbgpd.bench.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A wait goes on while the count moves or the receiver computes; it stops a minute after both stood still. */
class StallRuleTest {
    private static final long S = 1_000_000_000L;

    /** Feeds one observation a second for {@code seconds}, count fixed, CPU growing by {@code cpuPerSecond}; returns the first verdict or null. */
    private static String still(StallRule rule, long fromSecond, long seconds, long count, double cpuAtStart, double cpuPerSecond) {
        for (long t = 1; t <= seconds; t++) {
            String verdict = rule.observe((fromSecond + t) * S, count, cpuAtStart + cpuPerSecond * t);
            if (verdict != null) return "at " + (fromSecond + t) + " s: " + verdict;
        }
        return null;
    }

    @Test
    void aReceiverThatNeitherCountsNorComputesIsCutOffAfterAMinute() {
        StallRule rule = new StallRule(0, 1_000_000, 10.0);
        String verdict = still(rule, 0, 120, 1_000_000, 10.0, 0.002);
        assertNotNull(verdict);
        assertTrue(verdict.startsWith("at 61 s: no progress for 60 s"), verdict);
        assertTrue(verdict.contains("0.2%"), verdict);
    }

    @Test
    void aReceiverDroppingItsTableInOneStepIsWaitedForWhileItsCpuMoves() {
        // GoBGP diverse 1M: the summary says 1,000,000 for 90 s while gobgpd uses a core, then 0.
        StallRule rule = new StallRule(0, 1_000_000, 10.0);
        assertNull(still(rule, 0, 90, 1_000_000, 10.0, 0.95));
        assertNull(rule.observe(91 * S, 0, 10.0 + 0.95 * 91));
        assertTrue(rule.longestStillNanos() >= 90 * S, "the log says how long the count stood still: " + rule.longestStillNanos());
    }

    @Test
    void aBusyReceiverOnASharedMachineStillCounts() {
        // At load 20 on two cores a working thread gets about a tenth of a core.
        StallRule rule = new StallRule(0, 500, 0);
        assertNull(still(rule, 0, 200, 500, 0, StallRule.BUSY_SHARE + 0.01));
    }

    @Test
    void theMinuteRestartsWhenTheCpuStops() {
        StallRule rule = new StallRule(0, 7, 0);
        assertNull(still(rule, 0, 100, 7, 0, 1.0));
        String verdict = still(rule, 100, 100, 7, 100.0, 0.0);
        assertNotNull(verdict);
        assertTrue(verdict.startsWith("at 161 s:"), verdict);
    }

    @Test
    void aMovingCountIsProgressWithoutAnyCpuFigure() {
        StallRule rule = new StallRule(0, 0, Double.NaN);
        for (long t = 1; t <= 300; t++) assertNull(rule.observe(t * S, t * 10, Double.NaN));
        assertEquals(0, rule.longestStillNanos() / S);
    }

    @Test
    void cpuReadsBetweenWindowsAreSkippedAndDoNotCountAsIdle() {
        // Reads every 10 ms with the CPU known only once a second (ReceiverRun reads /proc at most once a second).
        StallRule rule = new StallRule(0, 3, 0);
        for (long ms = 10; ms <= 150_000; ms += 10) {
            double known = ms % 1000 == 0 ? ms / 1000.0 * 0.5 : Double.NaN;
            assertNull(rule.observe(ms * 1_000_000L, 3, known), "at " + ms + " ms");
        }
    }
}
