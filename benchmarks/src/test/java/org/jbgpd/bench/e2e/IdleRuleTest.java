package org.jbgpd.bench.e2e;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The idle wait before a withdraw: at 1M a quiet second just before jbgpd's scan starts must not end it (ADR 0128). */
class IdleRuleTest {
    @Test
    void atAMillionRoutesAQuietSecondFollowedByTheScanIsNotIdle() {
        IdleRule rule = IdleRule.forSize(1_000_000);
        assertFalse(rule.idleAfter(0.01), "the second before the scan starts");
        assertFalse(rule.idleAfter(1.2), "the scan");
        assertFalse(rule.idleAfter(0.02));
        assertTrue(rule.idleAfter(0.0), "two quiet seconds in a row after the scan");
    }

    @Test
    void upToAHundredThousandOneQuietSecondIsEnough() {
        IdleRule rule = IdleRule.forSize(100_000);
        assertFalse(rule.idleAfter(0.3));
        assertTrue(rule.idleAfter(0.049));
        assertTrue(IdleRule.forSize(10_000).idleAfter(0.0));
        assertFalse(IdleRule.forSize(10_000).idleAfter(IdleRule.QUIET_CPU_SECONDS), "the threshold itself is not quiet");
    }
}
