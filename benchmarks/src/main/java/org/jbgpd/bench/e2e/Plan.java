package org.jbgpd.bench.e2e;

import java.nio.file.Path;
import java.util.List;

/**
 * What one harness invocation does: which scenarios, sizes, receivers and floors, how many runs
 * (sizes above 100,000 get {@code largeRuns}), where results go, and the names it may use.
 * {@code legacyPolling}: count and wake as before ADR 0096 (to measure what the harness itself cost then).
 * {@code profile}: one extra jbgpd run per scenario and N with JFR on, summed up in profile-SCENARIO-N.txt and kept
 * out of the tables (ADR 0106).
 * {@code exactIpv4Finish}: date IPv4 installs by the exact read that saw N, as before ADR 0098's plateau addendum (to compare).
 * {@code largeOnly}: receivers and floors that run only at sizes above 100,000 (the default command's nexthop-object rows,
 * ADR 0128); everything else runs at every size.
 */
record Plan(List<Scenario> scenarios, List<Integer> sizes, int runs, int largeRuns,
            List<String> receivers, List<String> floors,
            Path jbgpdLauncher, String jbgpdJavaOpts,
            Path outputDir, Path workDir, String namePrefix, String command, String note, boolean legacyPolling,
            boolean profile, boolean exactIpv4Finish, List<String> largeOnly) {

    Plan(List<Scenario> scenarios, List<Integer> sizes, int runs, int largeRuns, List<String> receivers, List<String> floors,
         Path jbgpdLauncher, String jbgpdJavaOpts, Path outputDir, Path workDir, String namePrefix, String command, String note,
         boolean legacyPolling, boolean profile, boolean exactIpv4Finish) {
        this(scenarios, sizes, runs, largeRuns, receivers, floors, jbgpdLauncher, jbgpdJavaOpts, outputDir, workDir, namePrefix,
                command, note, legacyPolling, profile, exactIpv4Finish, List.of());
    }

    Plan(List<Scenario> scenarios, List<Integer> sizes, int runs, int largeRuns, List<String> receivers, List<String> floors,
         Path jbgpdLauncher, String jbgpdJavaOpts, Path outputDir, Path workDir, String namePrefix, String command, String note,
         boolean legacyPolling, boolean profile) {
        this(scenarios, sizes, runs, largeRuns, receivers, floors, jbgpdLauncher, jbgpdJavaOpts, outputDir, workDir, namePrefix,
                command, note, legacyPolling, profile, false);
    }

    Plan(List<Scenario> scenarios, List<Integer> sizes, int runs, int largeRuns, List<String> receivers, List<String> floors,
         Path jbgpdLauncher, String jbgpdJavaOpts, Path outputDir, Path workDir, String namePrefix, String command, String note,
         boolean legacyPolling) {
        this(scenarios, sizes, runs, largeRuns, receivers, floors, jbgpdLauncher, jbgpdJavaOpts, outputDir, workDir, namePrefix,
                command, note, legacyPolling, false, false);
    }


    /** Sizes above this get {@code largeRuns} runs, and the {@code largeOnly} receivers and floors. */
    static final int LARGE = 100_000;
    static final List<String> ALL_RECEIVERS = List.of(NullReceiver.ID, "jbgpd", JbgpdReceiver.NEXTHOP_OBJECTS_ID, "bird2", "bird1", "frr", "gobgp");
    static final List<String> ALL_FLOORS = List.of("c-netlink", CNetlinkFloor.NEXTHOP_OBJECT_ID, "netlink", "ip-batch");
    /**
     * What runs when --receivers / --floors are not given: issue 8's comparison, plus jbgpd with kernel.nexthopObjects on
     * and the C floor through a nexthop object, which E2eBenchmark then runs at the large sizes only (ADR 0128: about a minute of a ~21-minute run at 1M,
     * three more at every size).
     */
    static final List<String> DEFAULT_RECEIVERS = List.of(NullReceiver.ID, "jbgpd", JbgpdReceiver.NEXTHOP_OBJECTS_ID, "bird2", "frr", "gobgp");
    static final List<String> DEFAULT_FLOORS = List.of("c-netlink", CNetlinkFloor.NEXTHOP_OBJECT_ID, "netlink");

    Plan {
        scenarios = List.copyOf(scenarios);
        sizes = List.copyOf(sizes);
        receivers = List.copyOf(receivers);
        floors = List.copyOf(floors);
        largeOnly = List.copyOf(largeOnly);
        // With --profile, 0 timed runs means only the profiled one (quicker when the profile is all one wants).
        int least = profile ? 0 : 1;
        if (runs < least || largeRuns < least) throw new IllegalArgumentException("runs must be at least 1 (0 only with --profile)");
        for (String r : receivers) {
            if (!ALL_RECEIVERS.contains(r)) throw new IllegalArgumentException("unknown receiver '" + r + "' (known: " + String.join(", ", ALL_RECEIVERS) + ")");
        }
        for (String f : floors) {
            if (!ALL_FLOORS.contains(f)) throw new IllegalArgumentException("unknown floor '" + f + "' (known: " + String.join(", ", ALL_FLOORS) + ")");
        }
        for (Scenario s : scenarios) {
            for (int n : sizes) {
                if (n < 1 || n > s.maxRoutes()) throw new IllegalArgumentException("size " + n + " out of range for " + s.id);
            }
        }
    }

    int runsFor(int size) {
        return size > LARGE ? largeRuns : runs;
    }

    /** Whether the receiver or floor {@code id} runs at {@code size} (the large-only ones skip 10k and 100k). */
    boolean runsAt(String id, int size) {
        return size > LARGE || !largeOnly.contains(id);
    }
}
