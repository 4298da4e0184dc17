package org.jbgpd.bench.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rows of jbgpd with kernel.nexthopObjects on and of the C floor through a nexthop object (ADR 0128): when they run,
 * that the ratios keep dividing by the plain C floor while the report adds the ratio to the other one, and what the
 * harness reads from {@code ip} to check that jbgpd-nh really used objects.
 */
class NexthopRowsTest {
    private static final Scenario S = Scenario.UNIFORM_V4;
    private static final int N = 1_000_000;

    private static Plan plan(Path work, String... args) throws Exception {
        E2eBenchmark b = new E2eBenchmark();
        new CommandLine(b).parseArgs(concat(args, "--work-dir", work.toString()));
        return b.plan();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void theDefaultCommandRunsTheNexthopRowsAtTheLargeSizesOnly(@TempDir Path work) throws Exception {
        Plan p = plan(work);
        assertEquals(List.of("null", "jbgpd", "jbgpd-nh", "bird2", "frr", "gobgp"), p.receivers());
        assertEquals(List.of("c-netlink", "c-netlink-nh", "netlink"), p.floors());
        for (String id : List.of("jbgpd-nh", "c-netlink-nh")) {
            assertFalse(p.runsAt(id, 10_000), id);
            assertFalse(p.runsAt(id, 100_000), id);
            assertTrue(p.runsAt(id, 1_000_000), id);
        }
        assertTrue(p.runsAt("jbgpd", 10_000) && p.runsAt("c-netlink", 10_000) && p.runsAt("bird2", 100_000));
    }

    @Test
    void receiversAndFloorsNamedOnTheCommandLineRunAtEverySize(@TempDir Path work) throws Exception {
        Plan p = plan(work, "--receivers", "jbgpd,jbgpd-nh", "--floors", "c-netlink,c-netlink-nh", "--sizes", "10000,1000000");
        assertEquals(List.of("jbgpd", "jbgpd-nh"), p.receivers());
        assertTrue(p.runsAt("jbgpd-nh", 10_000) && p.runsAt("c-netlink-nh", 10_000));

        // Floors named, receivers left to the default: jbgpd-nh stays a large-size row, the named floor does not.
        Plan floorsOnly = plan(work, "--floors", "c-netlink-nh");
        assertFalse(floorsOnly.runsAt("jbgpd-nh", 10_000));
        assertTrue(floorsOnly.runsAt("c-netlink-nh", 10_000));
        assertEquals(List.of(), plan(work, "--floors", "none").floors());
        assertFalse(plan(work, "--floors", "none").receivers().isEmpty());

        assertThrows(IllegalArgumentException.class, () -> plan(work, "--receivers", "jbgpd-nhx"));
        assertThrows(IllegalArgumentException.class, () -> plan(work, "--floors", "c-netlink-nhid"));
    }

    private static Measurement run(String receiver, double install, double withdraw, long peakRss) {
        return new Measurement(receiver, S, N, 1, install, withdraw, peakRss, peakRss / 10, 5.0, 1.0, 0.5, null);
    }

    private static List<Summary> bothFloors() {
        return Harness.summarize(List.of(
                run("jbgpd", 3.6, 1.6, 132_000_000L),
                run("jbgpd-nh", 3.2, 1.5, 132_000_000L),
                run("bird2", 8.0, 6.0, 99_000_000L),
                run("c-netlink", 2.0, 1.5, 0),
                run("c-netlink-nh", 1.6, 1.25, 0)));
    }

    @Test
    void closingLinesDivideByThePlainFloorAndAddTheNhidFloorAfterIt() {
        List<Summary> all = bothFloors();
        String jbgpd = ClosingSummary.line(all.get(0), all);
        assertTrue(jbgpd.contains("install 3.60 s = 1.80x floor (target 1.5x missed by 1.20x), 2.25x nhid floor |"), jbgpd);
        assertTrue(jbgpd.contains("withdraw 1.60 s = 1.07x floor (target 1.5x met), 1.28x nhid floor |"), jbgpd);

        String nh = ClosingSummary.line(all.get(1), all);
        assertTrue(nh.startsWith("uniform-v4    1M jbgpd-nh (kernel.nexthopObjects: true) install 3.20 s = 1.60x floor (target 1.5x missed by 1.07x), 2.00x nhid floor"), nh);

        String bird = ClosingSummary.line(all.get(2), all);
        assertTrue(bird.contains("install 8.00 s = 4.00x floor, 5.00x nhid floor |") && !bird.contains("target"), bird);

        // The plain floor shows what the object saves the kernel; the nhid floor is compared with the plain one only.
        String plain = ClosingSummary.line(all.get(3), all);
        assertTrue(plain.contains("c-netlink floor  install 2.00 s = 1.25x nhid floor | withdraw 1.50 s = 1.20x nhid floor"), plain);
        String nhFloor = ClosingSummary.line(all.get(4), all);
        assertTrue(nhFloor.contains("c-netlink-nh floor install 1.60 s = 0.80x floor | withdraw 1.25 s = 0.83x floor"), nhFloor);
        assertFalse(nhFloor.contains("nhid floor"), nhFloor);

        String lines = ClosingSummary.render(all);
        assertTrue(lines.contains("(floor = c-netlink, issue 8's floor"), lines);
    }

    @Test
    void withoutTheNhidFloorNothingChanges() {
        List<Summary> all = Harness.summarize(List.of(run("jbgpd", 3.6, 1.6, 132_000_000L), run("c-netlink", 2.0, 1.5, 0)));
        assertFalse(ClosingSummary.render(all).contains("nhid"), ClosingSummary.render(all));
        String md = ReadmeTable.markdown(all);
        assertFalse(md.contains("nhid"), md);
        assertTrue(MarkdownReport.row(all.get(0), all.get(1), null).startsWith("| `jbgpd` | 1/1 | 3.60 | 1.60 | 1.80x | 1.07x | 125.9 |"),
                MarkdownReport.row(all.get(0), all.get(1), null));
    }

    @Test
    void tablesGetTwoNhidFloorColumnsWhereThatFloorRan() {
        List<Summary> all = bothFloors();
        Summary nhFloor = MarkdownReport.nexthopFloorOf(all, all.get(0));
        assertEquals("c-netlink-nh", nhFloor.receiver());
        assertEquals("c-netlink", MarkdownReport.floorOf(all, all.get(1)).receiver(), "the ratios' floor stays the plain one");

        String row = MarkdownReport.row(all.get(1), MarkdownReport.floorOf(all, all.get(1)), null, nhFloor);
        assertTrue(row.startsWith("| `jbgpd-nh` (kernel.nexthopObjects: true) | 1/1 | 3.20 | 1.50 | 1.60x | 1.00x | 2.00x | 1.20x | 125.9 |"), row);
        String self = MarkdownReport.row(nhFloor, MarkdownReport.floorOf(all, nhFloor), null, nhFloor);
        assertTrue(self.startsWith("| `c-netlink-nh` (floor) | 1/1 | 1.60 | 1.25 | 0.80x | 0.83x |  |  | n/a |"), self);
        Summary failed = Harness.summarize(List.of(Measurement.unavailable("jbgpd-nh", S, N, 1, "route 10.0.0.0/24 names no nexthop object"))).getFirst();
        String broken = MarkdownReport.row(failed, null, null, nhFloor);
        assertEquals(MarkdownReport.row(failed, null, null).chars().filter(c -> c == '|').count() + 2,
                broken.chars().filter(c -> c == '|').count(), "a row without figures has the two extra cells too: " + broken);

        String md = ReadmeTable.markdown(all);
        assertTrue(md.contains("| install / floor | withdraw / floor | install / nhid floor | withdraw / nhid floor | peak RSS MiB |"), md);
        assertTrue(md.contains("| uniform-v4, 1M | jbgpd-nh (kernel.nexthopObjects: true) | 3.20 | 1.50 | 1.60x | 1.00x | 2.00x | 1.20x | 126 | 132 | 1.33x | 5.00 |"), md);
        assertTrue(md.contains("| uniform-v4, 1M | c-netlink-nh (floor) | 1.60 | 1.25 | 0.80x | 0.83x |  |  |"), md);
    }

    @Test
    void theChecksReadObjectIdsAndTheObjectARouteNames() {
        String objects = """
                id 1245839360 via 198.51.100.1 dev jb-nh-r scope link proto bgp\s
                id 1245839361 group 1245839360/1245839362 proto bgp\s
                """;
        assertEquals(List.of(1245839360L, 1245839361L), NexthopObjectCheck.objectIds(objects));
        assertEquals(List.of(), NexthopObjectCheck.objectIds(""));
        assertEquals(1245839360L, NexthopObjectCheck.routeNhid("10.0.0.0/24 nhid 1245839360 via 198.51.100.1 dev jb-nh-r proto bgp metric 20"));
        assertEquals(1245839360L, NexthopObjectCheck.routeNhid("2001:db8::/56 nhid 1245839360 via 2001:db8:be::1 dev jb-nh-r proto bgp metric 20 pref medium"));
        assertEquals(-1, NexthopObjectCheck.routeNhid("10.0.0.0/24 via 198.51.100.1 dev jb-nh-r proto bgp metric 20"));
    }
}
