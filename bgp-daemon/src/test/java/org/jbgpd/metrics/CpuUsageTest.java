package org.jbgpd.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The CPU usage gauges read /proc/stat and the process's CPU time themselves (ADR 0130). */
class CpuUsageTest {

    @Test
    void usageIsAShareOfTheCpusSinceThePreviousRead() {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        CpuUsage usage = new CpuUsage(os);
        double sinceBoot = usage.system();
        assertTrue(sinceBoot > 0 && sinceBoot <= 1, "system since boot: " + sinceBoot);
        usage.process();
        long until = System.nanoTime() + 300_000_000L, spins = 0;
        while (System.nanoTime() < until) spins++; // one thread busy for 300 ms
        double process = usage.process();
        double system = usage.system();
        int cpus = Runtime.getRuntime().availableProcessors();
        // At least a few percent of one CPU even on a crowded machine; never more than all of them.
        assertTrue(process > 0.05 / cpus && process <= 1, "process: " + process + " (" + spins + " spins, " + cpus + " CPUs)");
        assertTrue(system > 0.05 / cpus && system <= 1, "system: " + system);
    }
}
