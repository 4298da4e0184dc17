package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the harness itself did while it waited for one receiver's count (ADR 0096): its own CPU
 * seconds (the harness JVM and the processes it ran and reaped, e.g. birdc or gobgp; the kernel's
 * trie walk for fib_triestat is system time of the harness), how many counts it read, how long
 * the last read took, how many times it woke the feeder, and the gap between the last two reads:
 * the moment the count reached its target lies in that gap, so it is the precision of the figure.
 * {@code estimates}: slab estimates read instead of a count while the count was far (ADR 0098).
 * {@code dating}: how the finish was dated ({@link PlateauDating.Method}; always by the end of a read that saw the target);
 * {@code plateauLeadMillis}: how long before that the slab's settled value was first seen (0 without a plateau, ADR 0098).
 */
record Polling(double harnessCpuSeconds, int reads, double lastReadMillis, double finishGapMillis, int wakes, int estimates,
               String dating, double plateauLeadMillis) {

    /** Dated by the read that saw the target (ADR 0096): the figure is late by at most the finish gap, never early. */
    Polling(double harnessCpuSeconds, int reads, double lastReadMillis, double finishGapMillis, int wakes, int estimates) {
        this(harnessCpuSeconds, reads, lastReadMillis, finishGapMillis, wakes, estimates, PlateauDating.Method.EXACT_READ.label, 0);
    }

    /** USER_HZ, as in {@link ProcStats}. */
    private static final double TICKS_PER_SECOND = 100.0;

    /**
     * CPU seconds of this JVM so far plus those of its children that it waited for: utime, stime,
     * cutime and cstime (fields 14-17) of /proc/self/stat. NaN where /proc is not there.
     */
    static double harnessCpuNow() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            for (int i = 11; i <= 14; i++) ticks += Long.parseLong(f[i]);
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
