package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a {@link Plan}: builds the topology once, then per size and scenario starts one BIRD 2
 * feeder and measures every receiver and floor, run after run, writing the Markdown table, the
 * SVG chart and a CSV of every run after each size (so an interrupted run keeps what it had).
 */
final class Harness {
    private final Plan plan;
    private final PrintSink out;
    /** Per profiled scenario and N: its summary file and the lines to quote (ADR 0106), for e2e.md. */
    private final Map<String, String> profiles = new LinkedHashMap<>();

    Harness(Plan plan, PrintSink out) {
        this.plan = plan;
        this.out = out;
    }

    /** The files written and the summaries they hold. */
    record Outcome(Path markdown, Path svg, Path csv, Path summaryLines, List<Summary> summaries) {

        /** True when every receiver and floor that was asked for produced figures in every run. */
        boolean complete() {
            return summaries.stream().allMatch(s -> s.failures().isEmpty());
        }
    }

    Outcome run() {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Machine machine = Machine.current();
        try {
            Files.createDirectories(plan.outputDir());
            Files.createDirectories(plan.workDir());
        } catch (IOException e) {
            throw new BenchException("cannot create " + plan.outputDir() + " or " + plan.workDir() + ": " + e.getMessage(), e);
        }
        List<BgpReceiver> receivers = receivers();
        List<KernelFloor> floors = floors();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("feeder", "BIRD " + Versions.bird(BirdFeeder.BIRD2) + " (static routes, eBGP)");
        for (BgpReceiver r : receivers) labels.put(r.id(), r.label());
        for (KernelFloor f : floors) labels.put(f.id(), f.label());
        out.line("machine: " + machine.describe());
        labels.forEach((id, label) -> out.line(id + ": " + label));

        AttributePool pool = AttributePool.load();
        List<Measurement> all = new ArrayList<>();
        Durations durations = new Durations();
        // receiver/scenario -> why it is skipped from now on: a receiver that failed once is not
        // run again in that scenario (not the remaining runs, not larger N), so a broken daemon
        // costs one timeout, not one per run, and the reason stays in the table.
        Map<String, String> broken = new LinkedHashMap<>();
        Outcome outcome = null;
        Thread cleanup = null;
        try (Topology topology = Topology.create(plan.namePrefix(), plan.workDir())) {
            cleanup = new Thread(topology::close, "jb-bn-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            // Size-major, so a run cut short still has every scenario at the smaller sizes.
            for (int size : plan.sizes()) {
                for (Scenario scenario : plan.scenarios()) {
                    RouteSet routes = new RouteSet(scenario, size);
                    out.line(String.format(Locale.ROOT, "%s, N = %,d: starting the feeder (load average %s)", scenario.id, size, Load.now()));
                    long feederStart = System.nanoTime();
                    try (BirdFeeder feeder = BirdFeeder.start(topology, routes, pool, plan.workDir())) {
                        durations.add(scenario, size, "feeder", since(feederStart));
                        out.line(String.format(Locale.ROOT, "  feeder ready after %.1f s", since(feederStart)));
                        ReceiverRun runner = new ReceiverRun(topology, feeder, routes, plan.workDir(), out, plan.legacyPolling(), plan.exactIpv4Finish());
                        for (int run = 1; run <= plan.runsFor(size); run++) {
                            for (BgpReceiver r : receivers) {
                                if (!plan.runsAt(r.id(), size)) continue;
                                String key = r.id() + "/" + scenario.id;
                                String skipped = broken.get(key);
                                if (skipped != null) {
                                    all.add(Measurement.unavailable(r.id(), scenario, size, run, "skipped: " + skipped));
                                    continue;
                                }
                                long t0 = System.nanoTime();
                                Measurement m = runner.measure(r, run);
                                durations.add(scenario, size, r.id(), since(t0));
                                all.add(m);
                                if (!m.ok() && r.missing() == null) {
                                    broken.put(key, "failed at N = " + size + ", run " + run);
                                    out.line("  FAILED " + r.id() + " " + scenario.id + " n=" + size + " run " + run + ": " + m.unavailable()
                                            + " (not run again in " + scenario.id + "; logs in " + plan.workDir() + ")");
                                }
                                write(startedAt, machine, labels, all, durations, false);
                            }
                            for (KernelFloor f : floors) {
                                if (!plan.runsAt(f.id(), size)) continue;
                                long t0 = System.nanoTime();
                                all.add(f.measure(topology, routes, run, out));
                                durations.add(scenario, size, f.id(), since(t0));
                                write(startedAt, machine, labels, all, durations, false);
                            }
                        }
                        if (plan.profile()) {
                            for (BgpReceiver r : receivers) {
                                if (!(r instanceof JbgpdReceiver jbgpd) || !plan.runsAt(r.id(), size)
                                        || broken.containsKey(r.id() + "/" + scenario.id)) continue;
                                long t0 = System.nanoTime();
                                profile(runner, jbgpd, routes);
                                durations.add(scenario, size, r.id() + " profiled", since(t0));
                                write(startedAt, machine, labels, all, durations, false);
                            }
                        }
                    }
                }
            }
            outcome = write(startedAt, machine, labels, all, durations, true);
        } finally {
            if (cleanup != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException ignored) {
                    // already shutting down: the hook runs anyway
                }
            }
        }
        return outcome;
    }

    /**
     * One more jbgpd run with JFR on, after the timed ones: its figures never reach the tables (the
     * recording perturbs them); its summary goes to profile-SCENARIO-N.txt next to e2e.md, the
     * recording itself stays in the work directory (ADR 0106).
     */
    private void profile(ReceiverRun runner, JbgpdReceiver jbgpd, RouteSet routes) {
        // jbgpd keeps the names it always had; jbgpd-nh's profile gets its id in its file names and heading (ADR 0128).
        String variant = jbgpd.id().equals("jbgpd") ? "" : "-" + jbgpd.id();
        String name = routes.scenario.id + "-" + routes.size + variant;
        Path jfr = plan.workDir().resolve("jbgpd-" + name + ".jfr");
        Path txt = plan.outputDir().resolve("profile-" + name + ".txt");
        try {
            Files.deleteIfExists(jfr);
        } catch (IOException e) {
            throw new BenchException("cannot remove the old recording " + jfr + ": " + e.getMessage(), e);
        }
        Measurement m = runner.measure(jbgpd.profiled(jfr), 0, "profiled");
        ReceiverRun.Phases phases = runner.lastPhases();
        String key = routes.scenario.id + ", N = " + String.format(Locale.ROOT, "%,d", routes.size) + (variant.isEmpty() ? "" : ", " + jbgpd.id());
        if (!m.ok() || phases == null || !Files.isRegularFile(jfr)) {
            String why = !m.ok() ? m.unavailable() : "no recording at " + jfr + " (did jbgpd stop cleanly?)";
            out.line("  jbgpd profiled run " + name + ": no profile: " + why);
            TextFile.write(txt, "jbgpd profile, " + key + ": none, the profiled run gave no recording: " + why + "\n");
            profiles.put(key, "`" + txt.getFileName() + "`: no profile: " + why);
            return;
        }
        StringBuilder header = new StringBuilder("jbgpd profile, ").append(key).append(" (").append(routes.scenario.description).append(")\n")
                .append("An extra run with JFR on (").append(JfrProfile.options(jfr)).append(");\n")
                .append("its figures are NOT in e2e.md's tables: install ").append(String.format(Locale.ROOT, "%.2f", m.installSeconds()))
                .append(" s, withdraw ").append(String.format(Locale.ROOT, "%.2f", m.withdrawSeconds())).append(" s, CPU ")
                .append(String.format(Locale.ROOT, "%.2f", m.cpuSeconds())).append(" s, load average ").append(Load.now()).append(".\n");
        if (m.installThreads() != null) {
            header.append("CPU s (user+sys) per thread group from /proc, install: ");
            for (String g : ThreadCpu.GROUPS) {
                header.append(g).append(' ').append(String.format(Locale.ROOT, "%.2f", m.installThreads().of(g).total())).append(g.equals("other") ? "" : ", ");
            }
            header.append('\n');
        }
        header.append("Recording: ").append(jfr).append(" (e.g. jfr view hot-methods ").append(jfr).append(")\n");
        try {
            JfrProfile profile = JfrProfile.read(jfr, List.of(
                    new JfrProfile.Window("install", phases.established(), phases.installed()),
                    new JfrProfile.Window("withdraw", phases.disabled(), phases.withdrawn())));
            TextFile.write(txt, profile.render(header.toString()));
            String keyLines = profile.keyLines();
            out.line("  profile written to " + txt + "; top self methods per thread group:");
            for (String line : keyLines.split("\n")) if (!line.isBlank()) out.line("    " + line);
            profiles.put(key, "`" + txt.getFileName() + "` (install " + String.format(Locale.ROOT, "%.2f", m.installSeconds())
                    + " s under JFR):\n\n```\n" + keyLines + "```");
        } catch (IOException | RuntimeException e) {
            out.line("  jbgpd profiled run " + name + ": cannot read " + jfr + ": " + e);
            profiles.put(key, "`" + txt.getFileName() + "`: recording unreadable: " + e.getMessage());
        }
    }

    private static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private List<BgpReceiver> receivers() {
        List<BgpReceiver> list = new ArrayList<>();
        for (String id : plan.receivers()) {
            list.add(switch (id) {
                case "jbgpd" -> new JbgpdReceiver(plan.jbgpdLauncher(), plan.jbgpdJavaOpts());
                case JbgpdReceiver.NEXTHOP_OBJECTS_ID -> new JbgpdReceiver(plan.jbgpdLauncher(), plan.jbgpdJavaOpts(), true);
                case "bird2" -> new Bird2Receiver();
                case "bird1" -> new Bird1Receiver();
                case "frr" -> new FrrReceiver();
                case "gobgp" -> new GobgpReceiver();
                case NullReceiver.ID -> new NullReceiver();
                default -> throw new IllegalArgumentException("unknown receiver " + id);
            });
        }
        return list;
    }

    private List<KernelFloor> floors() {
        List<KernelFloor> list = new ArrayList<>();
        for (String id : plan.floors()) {
            list.add(switch (id) {
                case "c-netlink" -> new CNetlinkFloor(plan.workDir());
                case CNetlinkFloor.NEXTHOP_OBJECT_ID -> new CNetlinkFloor(plan.workDir(), true);
                case "netlink" -> new NetlinkFloor();
                case "ip-batch" -> new IpBatchFloor(plan.workDir());
                default -> throw new IllegalArgumentException("unknown floor " + id);
            });
        }
        return list;
    }

    /**
     * Writes the table, chart, CSV and summary lines of everything measured so far; called after
     * every measurement, so a run that crashes or is stopped keeps all it had.
     */
    private Outcome write(String startedAt, Machine machine, Map<String, String> labels, List<Measurement> all,
                          Durations durations, boolean finished) {
        List<Summary> summaries = summarize(all);
        String md = MarkdownReport.render(plan.command(), startedAt, machine, labels, summaries, all, plan.note(), durations, finished)
                + profilesMarkdown();
        String svg = SvgChart.render("jbgpd end-to-end benchmark, " + startedAt + " (median of runs; whiskers min-max)", summaries);
        Path mdFile = plan.outputDir().resolve("e2e.md");
        Path svgFile = plan.outputDir().resolve("e2e.svg");
        Path csvFile = plan.outputDir().resolve("e2e-runs.csv");
        Path summaryFile = plan.outputDir().resolve("e2e-summary.txt");
        StringBuilder csv = new StringBuilder("scenario,routes,receiver,run,install_s,withdraw_s,peak_rss_bytes,established_rss_bytes,cpu_s,feeder_cpu_s,startup_s,unavailable,"
                + "harness_install_cpu_s,install_reads,install_last_read_ms,install_finish_gap_ms,install_wakes,harness_withdraw_cpu_s,withdraw_reads,withdraw_finish_gap_ms,first_route_s,"
                + "install_dated_by,install_plateau_lead_ms\n");
        for (Measurement m : all) {
            csv.append(m.scenario().id).append(',').append(m.routes()).append(',').append(m.receiver()).append(',').append(m.run()).append(',')
                    .append(m.ok() ? fmt(m.installSeconds()) : "").append(',').append(m.ok() ? fmt(m.withdrawSeconds()) : "").append(',')
                    .append(m.peakRssBytes()).append(',').append(m.establishedRssBytes()).append(',')
                    .append(m.ok() && !Double.isNaN(m.cpuSeconds()) ? fmt(m.cpuSeconds()) : "").append(',')
                    .append(m.ok() && !Double.isNaN(m.feederCpuSeconds()) ? fmt(m.feederCpuSeconds()) : "").append(',')
                    .append(m.ok() && !Double.isNaN(m.startupSeconds()) ? fmt(m.startupSeconds()) : "").append(',')
                    .append(m.ok() ? "" : '"' + m.unavailable().replace("\"", "'") + '"');
            Polling in = m.installPolling();
            Polling wd = m.withdrawPolling();
            csv.append(',').append(in == null ? "" : fmt(in.harnessCpuSeconds())).append(',').append(in == null ? "" : in.reads())
                    .append(',').append(in == null ? "" : fmt(in.lastReadMillis())).append(',').append(in == null ? "" : fmt(in.finishGapMillis()))
                    .append(',').append(in == null ? "" : in.wakes())
                    .append(',').append(wd == null ? "" : fmt(wd.harnessCpuSeconds())).append(',').append(wd == null ? "" : wd.reads())
                    .append(',').append(wd == null ? "" : fmt(wd.finishGapMillis()))
                    .append(',').append(m.ok() && !Double.isNaN(m.rampSeconds()) ? fmt(m.rampSeconds()) : "")
                    .append(',').append(in == null ? "" : in.dating())
                    .append(',').append(in == null || Double.isNaN(in.plateauLeadMillis()) ? "" : fmt(in.plateauLeadMillis())).append('\n');
        }
        TextFile.write(mdFile, md);
        TextFile.write(svgFile, svg);
        TextFile.write(csvFile, csv.toString());
        TextFile.write(summaryFile, ClosingSummary.render(summaries) + ThreadReport.summaryLines(all));
        if (finished) out.line("wrote " + mdFile + ", " + svgFile + ", " + csvFile + ", " + summaryFile);
        return new Outcome(mdFile, svgFile, csvFile, summaryFile, summaries);
    }

    private String profilesMarkdown() {
        if (profiles.isEmpty()) return "";
        StringBuilder b = new StringBuilder("\n## jbgpd profiles (JFR, one extra run each, not in the tables above)\n\n")
                .append("Top self methods per busy thread group (5% of the samples or more) in the install and the withdraw; ")
                .append("the whole summary (stacks, allocation by class, GC pauses) is in the file named (ADR 0106).\n");
        profiles.forEach((key, text) -> b.append("\n**").append(key).append("**: ").append(text).append('\n'));
        return b.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** One summary per scenario, size and receiver, in the order they were first measured. */
    static List<Summary> summarize(List<Measurement> all) {
        Map<String, List<Measurement>> groups = new LinkedHashMap<>();
        for (Measurement m : all) {
            groups.computeIfAbsent(m.scenario().id + "/" + m.routes() + "/" + m.receiver(), k -> new ArrayList<>()).add(m);
        }
        List<Summary> list = new ArrayList<>();
        for (List<Measurement> g : groups.values()) list.add(Summary.of(g));
        return list;
    }
}
