package org.jbgpd.bench.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Zero timed runs make sense only when the profiled run is asked for (ADR 0106). */
class PlanTest {
    private static Plan plan(int runs, int largeRuns, boolean profile) {
        return new Plan(List.of(Scenario.UNIFORM_V4), List.of(1000), runs, largeRuns, List.of("jbgpd"), List.of(),
                Path.of("jbgpd"), null, Path.of("out"), Path.of("work"), "jb-t-", "cmd", null, false, profile);
    }

    @Test
    void zeroRunsIsRefusedWithoutTheProfileAndAcceptedWithIt() {
        assertThrows(IllegalArgumentException.class, () -> plan(0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> plan(3, 0, false));
        assertEquals(0, plan(0, 0, true).runsFor(1000));
        assertEquals(0, plan(0, 0, true).runsFor(1_000_000));
    }
}
