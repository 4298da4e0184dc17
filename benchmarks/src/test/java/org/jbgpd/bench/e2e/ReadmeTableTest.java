package org.jbgpd.bench.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The block the README's Performance table is refreshed from: the largest N only, with the ratios the targets use. */
class ReadmeTableTest {
    private static Measurement run(String receiver, int n, double install, double withdraw, long peakRss) {
        return new Measurement(receiver, Scenario.UNIFORM_V4, n, 1, install, withdraw, peakRss, peakRss / 10, 5.0, 1.0, 0.5, null);
    }

    @Test
    void largestNOnlyWithFloorAndBird2Ratios() {
        List<Summary> all = Harness.summarize(List.of(
                run("jbgpd", 100_000, 0.5, 0.2, 80L << 20),
                run("jbgpd", 1_000_000, 4.0, 1.5, 200_000_000L),
                run("bird2", 1_000_000, 8.0, 6.0, 100_000_000L),
                run("c-netlink", 1_000_000, 2.0, 1.5, 0),
                run("netlink", 1_000_000, 2.1, 1.6, 0)));

        String md = ReadmeTable.markdown(all);

        assertTrue(md.contains("| uniform-v4, 1M | jbgpd | 4.00 | 1.50 | 2.00x | 1.00x | 191 | 200 | 2.00x | 5.00 |"), md);
        assertTrue(md.contains("| uniform-v4, 1M | bird2 | 8.00 | 6.00 | 4.00x | 4.00x | 95 | 100 | 1.00x | 5.00 |"), md);
        assertTrue(md.contains("| uniform-v4, 1M | c-netlink (floor) | 2.00 | 1.50 |"), md);
        assertFalse(md.contains("100k"), md);
        assertFalse(md.contains("| netlink (floor)"), md);
    }
}
