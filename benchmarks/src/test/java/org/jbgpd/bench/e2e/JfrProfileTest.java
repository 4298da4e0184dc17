package org.jbgpd.bench.e2e;

import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real JFR recording of this JVM, with a thread named like jbgpd's RIB thread burning CPU in one
 * method: the summary must put that method at the top of the route-engine group, name what it
 * allocated, and count nothing of it in a window that ends before it ran.
 */
class JfrProfileTest {
    private static volatile long sink;

    @Test
    void theBusyThreadsMethodLeadsItsGroupAndWindowsSeparateTheRun(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.jfr");
        Instant before;
        Instant start;
        Instant end;
        try (Recording r = new Recording()) {
            r.enable("jdk.CPUTimeSample").with("throttle", "10ms");
            r.enable("jdk.CPUTimeSamplesLost");
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s");
            r.enable("jdk.GarbageCollection");
            r.start();
            before = Instant.now();
            Thread.sleep(50);
            start = Instant.now();
            Thread t = new Thread(JfrProfileTest::burnHalfASecondOfCpu, "route-engine");
            t.start();
            t.join();
            end = Instant.now();
            r.stop();
            r.dump(file);
        }

        JfrProfile p = JfrProfile.read(file, List.of(new JfrProfile.Window("install", start, end),
                new JfrProfile.Window("before", before, start.minusMillis(1))));
        String text = p.render("header line\n");

        assertTrue(p.samples("install", "route-engine") > 0, text);
        assertEquals(0, p.samples("before", "route-engine"), text);
        assertTrue(text.startsWith("header line\n"), text);
        String group = text.substring(text.indexOf("route-engine:"));
        String firstSelf = group.lines().skip(2).findFirst().orElseThrow();
        assertTrue(firstSelf.endsWith("JfrProfileTest.burnHalfASecondOfCpu"), text);
        assertTrue(text.contains("[J"), "long[] allocation by class\n" + text);
        assertTrue(p.keyLines().contains("install route-engine"), p.keyLines());
        assertTrue(p.keyLines().contains("JfrProfileTest.burnHalfASecondOfCpu"), p.keyLines());
    }

    /** CPU time, not wall time: on a loaded machine the thread still gets half a second of samples. */
    private static void burnHalfASecondOfCpu() {
        var threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 500_000_000L;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            for (int i = 0; i < 10_000; i++) {
                long[] a = new long[64];
                a[i & 63] = i;
                x += a[(int) (x & 63)] + i * 31L;
            }
        }
        sink = x;
    }

    @Test
    void theRecordingOptionsAskForCpuTimeSamplesAndADumpAtExit() {
        String opts = JfrProfile.options(Path.of("/tmp/x.jfr"));
        assertTrue(opts.startsWith("-XX:StartFlightRecording:filename=/tmp/x.jfr,settings=default,dumponexit=true"), opts);
        assertTrue(opts.contains("jdk.CPUTimeSample#enabled=true") && !opts.contains(" "), opts);
    }
}
