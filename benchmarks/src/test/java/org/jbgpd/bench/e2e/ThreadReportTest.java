package org.jbgpd.bench.e2e;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jbgpd's CPU per thread group: read from /proc for a real process, and reported for the largest N only. */
class ThreadReportTest {

    @Test
    void threadNamesAsProcShowsThemFallIntoTheGroupsOfAJbgpdProfile() {
        assertEquals("fib-sync", ThreadCpu.group("fib-sync"));
        assertEquals("route-engine", ThreadCpu.group("route-engine"));
        assertEquals("bgp-session", ThreadCpu.group("bgp-session-2-1"));
        assertEquals("C1/C2", ThreadCpu.group("C1 CompilerThre"));
        assertEquals("C1/C2", ThreadCpu.group("C2 CompilerThre"));
        assertEquals("GC/VM", ThreadCpu.group("VM Thread"));
        assertEquals("GC/VM", ThreadCpu.group("GC Thread#0"));
        assertEquals("other", ThreadCpu.group("java"));
        assertEquals("other", ThreadCpu.group("netlink-events"));
    }

    @Test
    void aBusyProcessesCpuIsCountedAndTheGroupsAddUpToTheProcessTotal() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done; sleep 30").start();
        try {
            ThreadCpu before = ThreadCpu.snapshot(List.of(p));
            ThreadCpu after = before;
            // Until the loop has burnt at least 0.2 s of CPU (no upper bound on how long that takes on a busy machine).
            for (int i = 0; i < 600 && after.since(before).total().total() < 0.2; i++) {
                Thread.sleep(100);
                after = ThreadCpu.snapshot(List.of(p));
            }
            ThreadCpu.Usage used = after.since(before);
            assertTrue(used.total().total() >= 0.2, "CPU of the busy shell: " + used);
            assertEquals(used.total().total(), used.of("other").total(), 1e-9, "a shell's only thread is in 'other': " + used);
            assertTrue(used.wallSeconds() > 0);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static ThreadCpu.Usage usage(double fibUser, double fibSys, double engine, double wall) {
        Map<String, ThreadCpu.Times> g = new LinkedHashMap<>();
        for (String name : ThreadCpu.GROUPS) g.put(name, ThreadCpu.Times.ZERO);
        g.put("fib-sync", new ThreadCpu.Times(fibUser, fibSys));
        g.put("route-engine", new ThreadCpu.Times(engine, 0));
        return new ThreadCpu.Usage(g, wall);
    }

    private static Measurement run(int routes, int run, double install) {
        return new Measurement("jbgpd", Scenario.UNIFORM_V4, routes, run, install, 1.5, 200L << 20, 60L << 20, 7, 1, 0.5, null,
                usage(0.5, 1.9, 0.47, install), usage(0.2, 1.0, 0.1, 1.5));
    }

    @Test
    void theReportShowsOnlyTheLargestNAndTheSummaryQuotesTheMedianRunBusiestGroupFirst() {
        List<Measurement> all = List.of(
                run(100_000, 1, 0.9), run(100_000, 2, 0.8), run(100_000, 3, 1.0),
                run(1_000_000, 1, 4.0),
                new Measurement("bird2", Scenario.UNIFORM_V4, 1_000_000, 1, 8, 6, 99L << 20, 5L << 20, 13, 1, 0.1, null));

        String md = ThreadReport.markdown(all);
        assertTrue(md.contains("| uniform-v4, 1M, run 1 | install | 4.00 | 0.50 + 1.90 (60%) | 0.47 + 0.00 (12%) |"), md);
        assertTrue(md.contains("| uniform-v4, 1M, run 1 | withdraw | 1.50 |"), md);
        assertTrue(!md.contains("100k"), "only the largest N: " + md);

        String line = ThreadReport.summaryLines(all);
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("uniform-v4    1M jbgpd threads    install (4.00 s wall, CPU s user+sys: fib-sync 0.50+1.90 (60%), route-engine 0.47+0.00 (12%)"), line);
        assertTrue(line.contains("| withdraw (1.50 s wall, CPU s user+sys: fib-sync 0.20+1.00 (80%)"), line);
    }

    @Test
    void jbgpdWithNexthopObjectsGetsItsOwnLineAndRowsAtItsOwnLargestN() {
        List<Measurement> all = List.of(
                run(100_000, 1, 0.9),
                run(1_000_000, 1, 4.0),
                new Measurement("jbgpd-nh", Scenario.UNIFORM_V4, 1_000_000, 1, 3.5, 1.5, 200L << 20, 60L << 20, 7, 1, 0.5, null,
                        usage(0.5, 1.5, 0.47, 3.5), usage(0.2, 1.0, 0.1, 1.5)));

        String line = ThreadReport.summaryLines(all);
        assertEquals(2, line.lines().count(), line);
        assertTrue(line.contains("uniform-v4    1M jbgpd threads    install (4.00 s wall"), line);
        assertTrue(line.contains("uniform-v4    1M jbgpd-nh threads install (3.50 s wall, CPU s user+sys: fib-sync 0.50+1.50 (57%)"), line);
        String md = ThreadReport.markdown(all);
        assertTrue(md.contains("| uniform-v4, 1M, run 1 | install | 4.00 |") && md.contains("| uniform-v4, 1M, run 1, jbgpd-nh | install | 3.50 |"), md);
    }

    @Test
    void noProfileNoSection() {
        assertEquals("", ThreadReport.markdown(List.of(new Measurement("bird2", Scenario.UNIFORM_V4, 1000, 1, 1, 1, 1, 1, 1, 1, 1, null))));
    }

    @Test
    void runQueueWaitIsReadPerThreadAndShownBesideTheCpuOfItsGroup() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done; sleep 30").start();
        try {
            long wait = ThreadCpu.runQueueWait(java.nio.file.Path.of("/proc", Long.toString(p.pid()), "task", Long.toString(p.pid()), "schedstat"));
            assertTrue(wait >= 0, "schedstat of a live thread: " + wait);
            ThreadCpu before = ThreadCpu.snapshot(List.of(p));
            Thread.sleep(200);
            ThreadCpu.Usage used = ThreadCpu.snapshot(List.of(p)).since(before);
            assertTrue(used.waitOf("other") >= 0 && used.waitOf("fib-sync") == 0, "waits: " + used.waitSeconds());
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(-1, ThreadCpu.runQueueWait(java.nio.file.Path.of("/proc/no-such/schedstat")), "no schedstat: unknown, not zero");

        Map<String, ThreadCpu.Times> g = new LinkedHashMap<>();
        Map<String, Double> w = new LinkedHashMap<>();
        for (String name : ThreadCpu.GROUPS) {
            g.put(name, ThreadCpu.Times.ZERO);
            w.put(name, 0.0);
        }
        g.put("fib-sync", new ThreadCpu.Times(0.5, 1.9));
        w.put("fib-sync", 1.25);
        ThreadCpu.Usage u = new ThreadCpu.Usage(g, w, 4.0);
        Measurement m = new Measurement("jbgpd", Scenario.UNIFORM_V4, 1_000_000, 1, 4.0, 1.5, 200L << 20, 60L << 20, 7, 1, 0.5, null, u, u);
        String md = ThreadReport.markdown(List.of(m));
        assertTrue(md.contains("| 0.50 + 1.90 (60%), wait 1.25 |"), md);
        String line = ThreadReport.summaryLines(List.of(m));
        assertTrue(line.contains("fib-sync 0.50+1.90 (60%, wait 1.25)"), line);
    }
}
