package org.jbgpd.bench.e2e;

/**
 * When a receiver counts as idle before its withdraw (ADR 0085, ADR 0128's addendum): the CPU its processes used
 * in consecutive one-second windows stayed under {@link #QUIET_CPU_SECONDS}, in {@code windowsNeeded} windows in a row.
 * One window was enough until a 1M run showed its flaw: the first window starts as the last route is counted, and
 * jbgpd starts its kernel-table scan one second after its last batch, so that window could end just before the
 * scan (1-2 CPU s at 1M) began and the scan was charged to the withdraw. Above 100,000 routes two windows are asked
 * for; below, a scan costs milliseconds and the extra second per run would buy nothing.
 */
final class IdleRule {
    static final double QUIET_CPU_SECONDS = 0.05;

    private final int windowsNeeded;
    private int quietInARow;

    IdleRule(int windowsNeeded) {
        if (windowsNeeded < 1) throw new IllegalArgumentException("windows needed: " + windowsNeeded);
        this.windowsNeeded = windowsNeeded;
    }

    static IdleRule forSize(int routes) {
        return new IdleRule(routes > Plan.LARGE ? 2 : 1);
    }

    /** Takes the CPU seconds of one more one-second window; true once enough quiet windows came in a row. */
    boolean idleAfter(double windowCpuSeconds) {
        quietInARow = windowCpuSeconds < QUIET_CPU_SECONDS ? quietInARow + 1 : 0;
        return quietInARow >= windowsNeeded;
    }
}
