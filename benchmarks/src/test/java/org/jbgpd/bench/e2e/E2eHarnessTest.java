package org.jbgpd.bench.e2e;

import org.jbgpd.testsupport.Privileges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness end to end at a size CI can afford: a BIRD 2 feeder sends 1,000 routes to a BIRD 2
 * receiver in real namespaces, the netlink floor writes them too, and the table, chart and CSV
 * must come out with figures a real run would give. A receiver that breaks (a jbgpd launcher that
 * exits at once) must appear as "not available", with its reason, never with numbers, and must not
 * be started again in later runs of that scenario; the summary lines must be written. The null
 * receiver (ADR 0111) takes the same feeder's session and reports how long the feeder alone needed.
 */
class E2eHarnessTest {
    /** Own names per test JVM: two builds on one machine must not tear down each other's namespaces. */
    private static final String PREFIX = "jb-bn-" + Long.toString(ProcessHandle.current().pid(), 36);

    @Test
    void bird2ReceivesAThousandRoutesAndTheReportShowsSaneFigures(@TempDir Path dir) throws Exception {
        Privileges.requireRoot();
        Privileges.require(Files.isExecutable(BirdFeeder.BIRD2), "BIRD 2 not unpacked at /opt/bird2 (scripts/install-test-deps.sh)");
        Path broken = dir.resolve("broken-jbgpd");
        Files.writeString(broken, "#!/bin/sh\necho 'broken on purpose' >&2\nexit 3\n");
        broken.toFile().setExecutable(true);
        Plan plan = new Plan(List.of(Scenario.UNIFORM_V4), List.of(1000), 2, 1,
                List.of(NullReceiver.ID, "jbgpd", "bird2"), List.of("c-netlink", "c-netlink-nh", "netlink"),
                broken, null,
                dir.resolve("results"), dir.resolve("work"), PREFIX, "E2eHarnessTest", null, false);
        List<String> progress = new ArrayList<>();

        Harness.Outcome outcome = new Harness(plan, progress::add).run();

        Summary bird = summary(outcome, "bird2");
        assertTrue(bird.available(), () -> "BIRD 2 run failed: " + bird.failures() + "\n" + String.join("\n", progress));
        assertBetween(0.0005, 60, bird.install().median(), "install seconds");
        assertBetween(0.0005, 60, bird.withdraw().median(), "withdraw seconds");
        assertBetween(1 << 20, 1L << 30, bird.peakRssBytes(), "peak RSS bytes");
        assertTrue(bird.peakRssBytes() >= bird.establishedRssBytes(), "peak RSS below the RSS at Established");
        assertTrue(bird.cpuSeconds() >= 0 && bird.cpuSeconds() < 60, "CPU seconds " + bird.cpuSeconds());
        assertBetween(0.0005, 60, bird.startupSeconds(), "start-up seconds");
        // The ramp: Established to BIRD 2's first route in the kernel, within the install.
        assertTrue(bird.rampSeconds() >= 0 && bird.rampSeconds() <= bird.install().max(), "first route after " + bird.rampSeconds() + " s");

        // The IPv4 install's finish is dated by the slab plateau or an exact read, and the log says which (ADR 0098).
        assertTrue(progress.stream().anyMatch(l -> l.contains("install dated by slab plateau") || l.contains("install dated by exact read")),
                String.join("\n", progress));

        Summary feederAlone = summary(outcome, NullReceiver.ID);
        assertTrue(feederAlone.available(), () -> "null receiver failed: " + feederAlone.failures() + "\n" + String.join("\n", progress));
        assertBetween(0.0001, 60, feederAlone.install().median(), "feeder alone seconds");
        assertTrue(progress.stream().anyMatch(l -> l.contains("null timed itself: last announcement") && l.contains("1,000 prefixes")),
                String.join("\n", progress));

        Summary floor = summary(outcome, "netlink");
        assertTrue(floor.available(), () -> "netlink floor failed: " + floor.failures());
        assertBetween(0.00001, 60, floor.install().median(), "floor insert seconds");

        Summary cFloor = summary(outcome, "c-netlink");
        assertTrue(cFloor.available(), () -> "C floor failed (gcc and libc6-dev installed?): " + cFloor.failures());
        assertBetween(0.00001, 60, cFloor.install().median(), "C floor insert seconds");

        // The C floor through a nexthop object (ADR 0128): same routes, same counts, its own row; the ratios keep the plain floor.
        Summary nhFloor = summary(outcome, "c-netlink-nh");
        assertTrue(nhFloor.available(), () -> "C floor through a nexthop object failed: " + nhFloor.failures() + "\n" + String.join("\n", progress));
        assertEquals("c-netlink", MarkdownReport.floorOf(outcome.summaries(), bird).receiver());

        Summary jbgpd = summary(outcome, "jbgpd");
        assertTrue(!jbgpd.available() && jbgpd.failures().getFirst().contains("exited with status 3")
                && jbgpd.failures().getFirst().contains("broken on purpose"), "broken launcher reported as " + jbgpd.failures());
        assertEquals("skipped: failed at N = 1000, run 1", jbgpd.failures().get(1), "second run of a broken receiver");
        assertTrue(progress.stream().anyMatch(l -> l.contains("FAILED jbgpd uniform-v4 n=1000 run 1")), String.join("\n", progress));
        assertTrue(!outcome.complete(), "a run with a failed receiver is not complete");

        String md = Files.readString(outcome.markdown());
        assertTrue(md.contains("| `bird2` | 2/2 |"), md);
        assertTrue(md.contains("| `jbgpd` | 0/2 | not available: "), md);
        assertTrue(md.contains("Load average (1/5/15 min): ") && md.contains(" at the end") && !md.contains("Partial"), md);
        assertTrue(md.contains("| uniform-v4, N = 1,000 | "), "seconds per part\n" + md);
        String lines = Files.readString(outcome.summaryLines());
        assertTrue(lines.contains("uniform-v4    1k bird2 ") && lines.contains("x floor"), lines);
        assertTrue(lines.contains("uniform-v4    1k null receiver    feeder alone: "), lines);
        assertTrue(md.contains("| `null` receiver | 2/2 |"), md);
        assertTrue(lines.contains("uniform-v4    1k jbgpd            not available: "), lines);
        assertTrue(md.contains("Machine: ") && md.contains("Command: `E2eHarnessTest`"), md);
        String svg = Files.readString(outcome.svg());
        assertTrue(svg.startsWith("<svg") && svg.contains(">bird2<") && svg.strip().endsWith("</svg>"), svg);
        assertTrue(lines.contains("x nhid floor") && lines.contains("(floor = c-netlink, issue 8's floor"), lines);
        assertEquals(13, Files.readAllLines(outcome.csv()).size(), "header + 2 runs of null, jbgpd, bird2, c-netlink, c-netlink-nh, netlink");
        assertTrue(Files.notExists(Path.of("/run/netns/" + PREFIX + "rx")), "receiver namespace left behind");
    }

    /**
     * jbgpd with kernel.nexthopObjects on, over IPv6 (ADR 0128): the run counts only if the routes name jbgpd's nexthop object
     * and the withdraw takes the object with the routes; both floors run beside it. Needs the launcher the reactor builds
     * before this module's tests (bgp-daemon's package phase).
     */
    @Test
    void jbgpdWithNexthopObjectsInstallsIpv6RoutesThroughAnObjectAndTheWithdrawTakesIt(@TempDir Path dir) throws Exception {
        Privileges.requireRoot();
        Privileges.require(Files.isExecutable(BirdFeeder.BIRD2), "BIRD 2 not unpacked at /opt/bird2 (scripts/install-test-deps.sh)");
        Path launcher = Path.of("../bgp-daemon/target/jbgpd/bin/jbgpd").toAbsolutePath().normalize();
        Privileges.require(Files.isExecutable(launcher), launcher + " not built (./mvnw -DskipTests package)");
        Plan plan = new Plan(List.of(Scenario.UNIFORM_V6), List.of(1000), 1, 1,
                List.of("jbgpd-nh"), List.of("c-netlink", "c-netlink-nh"),
                launcher, null, dir.resolve("results"), dir.resolve("work"), PREFIX + "6", "E2eHarnessTest", null, false);
        List<String> progress = new ArrayList<>();

        Harness.Outcome outcome = new Harness(plan, progress::add).run();

        Summary nh = summary(outcome, "jbgpd-nh");
        assertTrue(nh.available(), () -> "jbgpd-nh failed: " + nh.failures() + "\n" + String.join("\n", progress));
        assertTrue(progress.stream().anyMatch(l -> l.contains("nexthop objects: 1 of protocol 186 after the install (2001:db8:0:0::/56 nhid ")),
                String.join("\n", progress));
        assertTrue(progress.stream().anyMatch(l -> l.contains("nexthop objects: none left")), String.join("\n", progress));
        assertTrue(summary(outcome, "c-netlink-nh").available(), String.join("\n", progress));
        String lines = Files.readString(outcome.summaryLines());
        assertTrue(lines.contains("uniform-v6    1k jbgpd-nh (kernel.nexthopObjects: true) install ") && lines.contains("x nhid floor"), lines);
        assertTrue(outcome.complete(), lines);
    }

    private static Summary summary(Harness.Outcome outcome, String receiver) {
        return outcome.summaries().stream().filter(s -> s.receiver().equals(receiver)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + receiver));
    }

    private static void assertBetween(double low, double high, double value, String what) {
        assertTrue(value >= low && value <= high, what + " = " + value + ", expected within [" + low + ", " + high + "]");
    }
}
