package org.jbgpd.bench.e2e;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The end-to-end benchmark of issue 8 (see benchmarks/README.md and ADR 0080). Needs root.
 * Normally started by benchmarks/run-e2e.sh, which builds what it needs first.
 */
@Command(name = "run-e2e", mixinStandardHelpOptions = true,
        description = {"Feeds N routes from BIRD 2 over eBGP to jbgpd, BIRD 2, FRR and GoBGP (BIRD 1.6 on request) in turn, "
                + "each in a network namespace, and measures install and withdraw time, peak RSS, RSS bytes per route and CPU "
                + "against the kernel floor (C batched netlink writer; jbgpd's Java writer as a second reference), same run, same machine.",
                "Defaults = the whole comparison of issue 8: 3 scenarios x 10k, 100k (3 runs: median, min, max) and 1M (1 run).", ""},
        footer = {"", "Recorded with the results (e2e.md header): CPU model, cores, RAM, kernel release, JDK, the jbgpd commit "
                + "(and whether the tree had uncommitted changes), BIRD/FRR/GoBGP versions as the programs report them, "
                + "the load average at the start and at the last write, the exact command, and the wall-clock seconds of every part.",
                "A receiver that fails a run (exits, no session, no progress for 60 s: count and CPU still, overall timeout) is reported with the reason and "
                + "not run again in that scenario; the others go on. Results are rewritten after every measurement.",
                "Reproduce: sudo ./benchmarks/run-e2e.sh on a quiet machine (load average below 1); see benchmarks/README.md."})
public final class E2eBenchmark implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", defaultValue = "10000,100000,1000000", description = "Route counts N (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--runs", defaultValue = "3", description = "Runs per receiver for N up to 100,000 (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--large-runs", defaultValue = "1", description = "Runs per receiver for N above 100,000 (default: ${DEFAULT-VALUE}).")
    int largeRuns;

    @Option(names = "--scenarios", split = ",", defaultValue = "uniform-v4,diverse-v4,uniform-v6",
            description = "uniform-v4, diverse-v4, uniform-v6 (default: ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--receivers", split = ",",
            description = "Default: null,jbgpd,bird2,frr,gobgp at every N, plus jbgpd-nh at N above 100,000 (bird1 also available). "
                    + "null: the null receiver, which discards what it is sent: how long the feeder alone needs (ADR 0111). "
                    + "jbgpd-nh: the same jbgpd with kernel.nexthopObjects: true (routes name kernel nexthop objects, ADR 0091, 0128). "
                    + "Receivers named here run at every N given.")
    List<String> receivers;

    @Option(names = "--floors", split = ",",
            description = "Kernel floors: c-netlink, c-netlink-nh, netlink, ip-batch, or none. Default: c-netlink,netlink at every N, plus "
                    + "c-netlink-nh at N above 100,000 (the C writer with its routes through one kernel nexthop object, RTA_NH_ID). "
                    + "Ratios divide by c-netlink (by netlink when it did not run), never by c-netlink-nh; with c-netlink-nh in the run "
                    + "the report adds the ratio to it. Floors named here run at every N given.")
    List<String> floors;

    @Option(names = "--jbgpd", defaultValue = "bgp-daemon/target/jbgpd/bin/jbgpd", description = "The jbgpd launcher (default: ${DEFAULT-VALUE}).")
    Path jbgpd;

    @Option(names = "--jbgpd-java-opts", description = "JBGPD_JAVA_OPTS for the jbgpd receiver, e.g. -Xmx1g for a million routes.")
    String jbgpdJavaOpts;

    @Option(names = "--legacy-polling", description = "Count and wake as before ADR 0096 (read every max(20 ms, 4x one read), wake the feeder with a birdc process every 250 ms): only to compare what the harness itself costs.")
    boolean legacyPolling;

    @Option(names = "--exact-ipv4-finish", description = "Date the end of an IPv4 install by the fib_triestat read that saw N (exact reads near N, "
            + "ADR 0098 before its plateau addendum) instead of by the ip_fib_alias slab plateau: only to compare what the counting costs the receiver.")
    boolean exactIpv4Finish;

    @Option(names = "--profile", description = "After the timed runs of each scenario and N, one more jbgpd run with JFR recording "
            + "(default settings + CPU-time samples every 10 ms of thread CPU); writes profile-SCENARIO-N.txt (per thread group the hottest "
            + "methods and stacks, allocation by class, GC pauses, for the install and the withdraw) next to e2e.md. The profiled run "
            + "never feeds the tables (JFR perturbs it); its recording stays in the work directory (ADR 0106). "
            + "With --runs 0 --large-runs 0 only the profiled run is made.")
    boolean profile;

    @Option(names = "--out", defaultValue = "benchmarks/results", description = "Where e2e.md, e2e.svg and e2e-runs.csv go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--work-dir", description = "Configs, sockets and logs of the daemons (default: a new directory under /tmp).")
    Path workDir;

    @Option(names = "--name-prefix", defaultValue = "jb-bn-", description = "Namespace and interface name prefix (default: ${DEFAULT-VALUE}).")
    String namePrefix;

    @Option(names = "--command", description = "The command line to quote in the report (run-e2e.sh passes its own).")
    String command;

    @Option(names = "--note", description = "A sentence for the report, e.g. that the machine was shared.")
    String note;

    public static void main(String[] args) {
        System.exit(new CommandLine(new E2eBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!"0".equals(uid())) {
            System.err.println("run-e2e needs root (network namespaces); run it with sudo");
            return 2;
        }
        Plan plan;
        try {
            plan = plan();
        } catch (IllegalArgumentException e) {
            System.err.println("run-e2e: " + e.getMessage());
            return 2;
        }
        try {
            Harness.Outcome outcome = new Harness(plan, E2eBenchmark::stamped).run();
            System.out.println();
            System.out.println("Summary (also in " + outcome.summaryLines() + "; table in " + outcome.markdown() + "):");
            System.out.print(Files.readString(outcome.summaryLines()));
            if (!outcome.complete()) {
                System.out.println("run-e2e: some runs produced no figures (the lines above say which and why); exit status 1");
                return 1;
            }
            return 0;
        } catch (BenchException e) {
            System.err.println("run-e2e: " + e.getMessage());
            return 1;
        }
    }

    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    /** Progress lines carry the UTC time, so the log shows how long each part took. */
    private static void stamped(String line) {
        System.out.println(CLOCK.format(java.time.LocalTime.now(java.time.ZoneOffset.UTC)) + " " + line);
    }

    Plan plan() throws java.io.IOException {
        List<Scenario> s = new ArrayList<>();
        for (String id : scenarios) s.add(Scenario.of(id.strip()));
        // Not given: issue 8's set, with the nexthop-object rows at the large sizes only (ADR 0128); given: exactly that, at every size.
        List<String> largeOnly = new ArrayList<>();
        List<String> r = receivers != null ? receivers : Plan.DEFAULT_RECEIVERS;
        if (receivers == null) largeOnly.add(JbgpdReceiver.NEXTHOP_OBJECTS_ID);
        List<String> f;
        if (floors == null) {
            f = Plan.DEFAULT_FLOORS;
            largeOnly.add(CNetlinkFloor.NEXTHOP_OBJECT_ID);
        } else {
            f = floors.size() == 1 && floors.getFirst().equals("none") ? List.of() : floors;
        }
        Path work = workDir != null ? workDir : Files.createTempDirectory("jb-bn-");
        String cmd = command != null ? command : "java -cp benchmarks/target/benchmarks.jar " + E2eBenchmark.class.getName() + " ...";
        return new Plan(s, sizes, runs, largeRuns, r, f, jbgpd.toAbsolutePath(), jbgpdJavaOpts,
                out.toAbsolutePath(), work.toAbsolutePath(), namePrefix, cmd, note, legacyPolling, profile, exactIpv4Finish,
                largeOnly);
    }

    private static String uid() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) return line.split("\\s+")[2];
        }
        return "?";
    }
}
