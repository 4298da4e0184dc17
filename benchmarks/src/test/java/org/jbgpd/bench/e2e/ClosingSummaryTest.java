package org.jbgpd.bench.e2e;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lines a closing note quotes: ratios to the C floor and to BIRD 2, and jbgpd's targets judged from them. */
class ClosingSummaryTest {
    private static final Scenario S = Scenario.UNIFORM_V4;
    private static final int N = 1_000_000;

    private static Measurement run(String receiver, int run, double install, double withdraw, long peakRss) {
        return new Measurement(receiver, S, N, run, install, withdraw, peakRss, peakRss / 10, 5.0, 1.0, 0.5, null);
    }

    @Test
    void jbgpdLineJudgesEachTargetAgainstTheSameRunsFloorAndBird2() {
        List<Summary> all = Harness.summarize(List.of(
                run("jbgpd", 1, 7.0, 2.5, 463_000_000L),
                run("bird2", 1, 10.0, 6.0, 99_000_000L),
                run("c-netlink", 1, 2.5, 2.0, 0)));

        String jbgpd = ClosingSummary.line(all.get(0), all);
        assertTrue(jbgpd.contains("install 7.00 s = 2.80x floor (target 1.5x missed by 1.87x)"), jbgpd);
        assertTrue(jbgpd.contains("withdraw 2.50 s = 1.25x floor (target 1.5x met)"), jbgpd);
        assertTrue(jbgpd.contains("463 B/route = 4.68x BIRD 2 (target 1.0x missed by 4.68x; milestone 2.0x missed)"), jbgpd);
        assertTrue(jbgpd.startsWith("uniform-v4    1M jbgpd"), jbgpd);

        String bird = ClosingSummary.line(all.get(1), all);
        assertTrue(bird.contains("install 10.00 s = 4.00x floor |"), bird);
        assertTrue(!bird.contains("target") && bird.contains("99 B/route |"), bird);

        String floor = ClosingSummary.line(all.get(2), all);
        assertTrue(floor.contains("c-netlink floor") && !floor.contains("x floor"), floor);
    }

    @Test
    void mediansWithMinAndMaxAndFailedRunsAreSaid() {
        List<Measurement> runs = new ArrayList<>();
        runs.add(run("jbgpd", 1, 1.0, 0.5, 60_000_000L));
        runs.add(run("jbgpd", 2, 3.0, 0.7, 60_000_000L));
        runs.add(run("jbgpd", 3, 2.0, 0.6, 60_000_000L));
        runs.add(Measurement.unavailable("frr", S, N, 1, "no session within 60 s"));
        List<Summary> all = Harness.summarize(runs);

        assertTrue(ClosingSummary.line(all.get(0), all).contains("install 2.00 s (1.00-3.00) | withdraw 0.60 s (0.50-0.70)"));
        assertEquals("uniform-v4    1M frr              not available: no session within 60 s", ClosingSummary.line(all.get(1), all));
    }

    @Test
    void theNullReceiverSaysHowLongTheFeederAloneNeededAgainstTheFloorAndNothingAboutMemory() {
        List<Summary> all = Harness.summarize(List.of(
                run(NullReceiver.ID, 1, 4.2, 0.01, 70_000_000L),
                run("c-netlink", 1, 2.1, 1.5, 0)));
        String line = ClosingSummary.line(all.get(0), all);
        assertEquals("uniform-v4    1M null receiver    feeder alone: 4.20 s = 2.00x floor (Established to its last UPDATE)"
                + " | feeder CPU 1.00 s | null receiver CPU 5.00 s", line);
        String row = MarkdownReport.row(all.get(0), all.get(1), null);
        assertTrue(row.startsWith("| `null` receiver | 1/1 | 4.20 | 0.01 | 2.00x |  | n/a | n/a |"), row);
    }

    @Test
    void theNullReceiversStatusLineReadsBackAsWritten() {
        NullStatus s = new NullStatus(true, 999_000, 1_000_000, 1_000, 125_000, 40_000_000,
                java.time.Instant.parse("2026-12-02T03:40:01.123456789Z"), null);
        assertEquals(s, NullStatus.parse(s.render()));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> NullStatus.parse("session=up routes=5"));
    }
}
