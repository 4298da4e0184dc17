package org.jbgpd.bench.e2e;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown page of one harness run: the command, the machine, the method, one table per scenario and N. */
final class MarkdownReport {
    private MarkdownReport() {}

    static String render(String command, String startedAt, Machine machine, Map<String, String> labels,
                         List<Summary> summaries, List<Measurement> all, String note, Durations durations, boolean finished) {
        StringBuilder b = new StringBuilder();
        b.append("# jbgpd end-to-end benchmark\n\n");
        if (!finished) b.append("**Partial: the run was still going (or stopped) when this was written.**\n\n");
        b.append("Command: `").append(command).append("`  \n");
        b.append("Started: ").append(startedAt).append(", written: ").append(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append("  \n");
        b.append("Machine: ").append(machine.describe()).append("  \n");
        b.append("Load average (1/5/15 min): ").append(machine.loadAtStart()).append(" at the start, ").append(Load.now())
                .append(finished ? " at the end" : " when written").append("  \n");
        if (note != null && !note.isBlank()) b.append("Note: ").append(note).append("  \n");
        b.append("\nReceivers and floors:\n\n");
        labels.forEach((id, label) -> b.append("- `").append(id).append("`: ").append(label).append('\n'));
        b.append("\n## Summary (medians; ratios to the C floor and to BIRD 2 of the same run)\n\n");
        if (hasNexthopFloor(summaries)) b.append(NEXTHOP_FLOOR_NOTE).append("\n\n");
        b.append("```\n")
                .append(ClosingSummary.render(summaries)).append(ThreadReport.summaryLines(all)).append("```\n");
        b.append(ReadmeTable.markdown(summaries));
        b.append("\n").append(METHOD).append('\n');
        Scenario lastScenario = null;
        int lastRoutes = -1;
        for (Summary s : summaries) {
            if (s.scenario() != lastScenario || s.routes() != lastRoutes) {
                lastScenario = s.scenario();
                lastRoutes = s.routes();
                b.append("\n## ").append(s.scenario().id).append(", N = ").append(String.format(Locale.ROOT, "%,d", s.routes()))
                        .append(" (").append(s.scenario().description).append(")\n\n");
                boolean nh = nexthopFloorOf(summaries, s) != null;
                b.append("| receiver | runs | install s (median, min-max) | withdraw s (median, min-max) | install / floor | withdraw / floor | ")
                        .append(nh ? "install / nhid floor | withdraw / nhid floor | " : "")
                        .append("peak RSS MiB | RSS B/route | B/route / BIRD 2 | RSS at Established MiB | CPU s | feeder CPU s | harness CPU s (install) | finish gap ms | start s | first route ms |\n");
                b.append("|---|---|---|---|---|---|").append(nh ? "---|---|" : "").append("---|---|---|---|---|---|---|---|---|---|\n");
            }
            b.append(row(s, floorOf(summaries, s), peerOf(summaries, s, "bird2"), nexthopFloorOf(summaries, s))).append('\n');
        }
        b.append(ThreadReport.markdown(all));
        b.append("\n## Wall-clock seconds per part of this run\n\n")
                .append("Feeder start-up (config, BIRD parsing and loading N routes) once per scenario and N; each receiver and floor summed over its runs "
                        + "(start, install, idle wait, withdraw, stop, flush).\n\n")
                .append(durations.markdown());
        return b.toString();
    }

    /** The same receiver's summary for the scenario and N of {@code s}, or null. */
    static Summary peerOf(List<Summary> all, Summary s, String receiver) {
        for (Summary f : all) {
            if (f.receiver().equals(receiver) && f.scenario() == s.scenario() && f.routes() == s.routes() && f.available()) return f;
        }
        return null;
    }

    static Summary floorOf(List<Summary> all, Summary s) {
        // The C writer is the floor; jbgpd's own Java writer stands in when the C one did not run.
        for (String floor : List.of("c-netlink", "netlink")) {
            for (Summary f : all) {
                if (f.receiver().equals(floor) && f.scenario() == s.scenario() && f.routes() == s.routes() && f.available()) return f;
            }
        }
        return null;
    }

    /**
     * The C floor through a nexthop object (ADR 0128) of the scenario and N of {@code s}, or null. Never the floor the
     * ratios divide by: it gets columns (and summary figures) of its own.
     */
    static Summary nexthopFloorOf(List<Summary> all, Summary s) {
        return peerOf(all, s, CNetlinkFloor.NEXTHOP_OBJECT_ID);
    }

    static boolean hasNexthopFloor(List<Summary> all) {
        return all.stream().anyMatch(s -> s.receiver().equals(CNetlinkFloor.NEXTHOP_OBJECT_ID) && s.available());
    }

    /** What the two floors are and which one the ratios divide by, for a report that has both. */
    static final String NEXTHOP_FLOOR_NOTE = "Two C floors ran: `floor` in every ratio is `c-netlink`, issue 8's floor (each route carries its gateway); "
            + "`nhid floor` is `c-netlink-nh`, the same writer with every route naming one kernel nexthop object (RTA_NH_ID), "
            + "the floor of `jbgpd-nh` (jbgpd with `kernel.nexthopObjects: true`). The targets are judged against `floor` only (ADR 0128).";

    static String row(Summary s, Summary floor, Summary bird) {
        return row(s, floor, bird, null);
    }

    /** {@code nhFloor}: the nexthop-object floor of the same table, or null when the table has no columns for it. */
    static String row(Summary s, Summary floor, Summary bird, Summary nhFloor) {
        String name = "`" + s.receiver() + "`" + (s.displayName().equals(s.receiver()) ? "" : s.displayName().substring(s.receiver().length()));
        String runs = (s.runs() - s.failures().size()) + "/" + s.runs();
        if (!s.available()) {
            String why = s.failures().isEmpty() ? "no figures" : s.failures().getFirst();
            return "| " + name + " | " + runs + " | not available: " + escape(why) + " | | | | | | | | | | | | | |" + (nhFloor == null ? "" : " | |");
        }
        // The null receiver's withdraw is only the session closing after the Cease, and it holds no routes: no ratios, no bytes per route.
        boolean feederOnly = s.receiver().equals(NullReceiver.ID);
        boolean memory = s.peakRssBytes() > 0 && !feederOnly;
        String failed = s.failures().isEmpty() ? "" : " (" + s.failures().size() + " failed: " + escape(s.failures().getFirst()) + ")";
        return "| " + name + " | " + runs + failed
                + " | " + stat(s.install()) + " | " + stat(s.withdraw())
                + " | " + ratio(s.install().median(), floor == null ? Double.NaN : floor.install().median())
                + " | " + (feederOnly ? "" : ratio(s.withdraw().median(), floor == null ? Double.NaN : floor.withdraw().median()))
                + (nhFloor == null ? "" : " | " + (nhFloor == s ? "" : ratio(s.install().median(), nhFloor.install().median()))
                        + " | " + (nhFloor == s || feederOnly ? "" : ratio(s.withdraw().median(), nhFloor.withdraw().median())))
                + " | " + (memory ? fmt("%.1f", s.peakRssBytes() / 1048576.0) : "n/a")
                + " | " + (memory ? fmt("%.0f", s.rssBytesPerRoute()) : "n/a")
                + " | " + (memory && bird != null && bird.peakRssBytes() > 0 ? ratio(s.rssBytesPerRoute(), bird.rssBytesPerRoute()) : "")
                + " | " + (s.establishedRssBytes() > 0 ? fmt("%.1f", s.establishedRssBytes() / 1048576.0) : "n/a")
                + " | " + (Double.isNaN(s.cpuSeconds()) ? "n/a" : fmt("%.2f", s.cpuSeconds()))
                + " | " + (Double.isNaN(s.feederCpuSeconds()) ? "" : fmt("%.2f", s.feederCpuSeconds()))
                + " | " + (Double.isNaN(s.harnessInstallCpuSeconds()) ? "" : fmt("%.2f", s.harnessInstallCpuSeconds()))
                + " | " + (Double.isNaN(s.finishGapMillis()) ? "" : fmt("%.0f", s.finishGapMillis()))
                + " | " + (Double.isNaN(s.startupSeconds()) ? "" : fmt("%.2f", s.startupSeconds()))
                + " | " + (Double.isNaN(s.rampSeconds()) ? "" : fmt("%.0f", s.rampSeconds() * 1000)) + " |";
    }

    private static String stat(Summary.Stat st) {
        if (st.min() == st.max()) return fmt("%.2f", st.median());
        return fmt("%.2f", st.median()) + " (" + fmt("%.2f", st.min()) + "-" + fmt("%.2f", st.max()) + ")";
    }

    private static String ratio(double value, double floor) {
        if (Double.isNaN(value) || Double.isNaN(floor) || floor <= 0) return "";
        return fmt("%.2fx", value / floor);
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static final String METHOD = """
            How it is measured (ADR 0080):
            - A BIRD 2 feeder in namespace `jb-bn-feed` holds N static routes and announces them over eBGP
              (next hop self) through a veth to the receiver in `jb-bn-rx`; every receiver is passive and the
              feeder connects, so each receiver sees the same feeder and the same UPDATE stream.
            - **install s**: from the session's Established (BIRD's own protocol timestamp, in ms) until the
              receiver namespace's kernel holds all N routes (IPv4: `Prefixes` of the Main trie in
              /proc/net/fib_triestat, a walk of the whole trie, ~44 ms of CPU at 1M; IPv6: fib_rt_entries in
              /proc/net/rt6_stats). The same rule for every receiver (ADR 0096): reads at most one read plus
              max(20 ms, 4x its CPU) apart, and every max(20 ms, one read) once the rate says the finish is near.
              The figure is the first read that saw N; **finish gap ms** is the gap before
              that read, i.e. how late the figure may be. While routes flow the harness sends `show status`
              to the feeder's control socket every 250 ms (one kept connection, no process), which ends BIRD's
              occasional stall before its last partial UPDATE, so that stall is not charged to the receiver.
              **harness CPU s**: the harness's own CPU during the install (its JVM, the trie walks of its
              reads, and any process it ran: birdc as a fallback, gobgp) on the cores the receiver is timed on.
              GoBGP cannot install routes without zebra: its figures count its RIB (`gobgp global rib summary`,
              a process per count, so at most every 250 ms).
            - **withdraw s**: from `birdc disable peer` on the feeder (a Cease NOTIFICATION, then the session
              closes; no graceful restart) until none of the N routes is left. Before disabling, the harness
              waits (at most 30 s) until the receiver used under 0.05 CPU s in one second (two seconds in a row above
              100,000 routes: jbgpd's scan starts a second after its last route, ADR 0128), so housekeeping a
              daemon starts once the table is in (jbgpd's kernel-table scan, zebra's and BIRD's walks) is not
              charged to the withdraw; the wait is in the runs log as "idle after".
            - **peak RSS**: VmHWM of the receiver's processes summed (FRR: zebra + bgpd), read after the withdraw;
              **RSS B/route** = peak RSS / N, start-up memory included; **RSS at Established**: VmRSS before
              any route arrived. **CPU s**: utime + stime of those processes from enabling the feeder to withdrawn;
              **feeder CPU s** the same for the feeder: when a receiver's install time is far above its own CPU
              time, it waited for the feeder (or for a CPU on a busy machine). **start s**: from launching the
              receiver until it listens on TCP port 179 (the harness then lets the feeder connect).
            - **`null` receiver** (the feeder alone, ADR 0111): a small JVM that takes the feeder's session like any
              receiver (OPEN with IPv4/IPv6 unicast and 4-octet AS, KEEPALIVEs), counts the prefixes of each UPDATE
              and keeps nothing. Its install s is from Established (BIRD's timestamp) to the arrival of the last
              UPDATE that announced a prefix, timed by itself: how long the feeder needs to send N routes, which no
              receiver can beat; its install / floor is the best ratio any receiver could reach here. Its withdraw
              is only the session closing after the Cease (no ratio, no bytes per route).
            - **first route ms** (the ramp, ADR 0106): from Established (BIRD's timestamp) to the first of the N routes
              in the receiver's kernel table, read every 1 ms from the feeder's enable until it appears (a walk of a
              trie that still holds a handful of routes: microseconds); median of the runs. Empty for the floors and
              GoBGP (which does not install).
            - Kernel floors, in the same receiver namespace, the same N prefixes in a shuffled order, no BGP:
              `c-netlink` is a small C program (nl-route-floor.c, compiled by the harness: 64 KiB of requests
              per sendmsg, one acknowledged barrier per buffer, CPU = the process); `netlink` is jbgpd's own
              batched Java writer (KernelRouteWriter, same batching, CPU = the writing thread); `ip-batch` is
              `ip -batch` with one ACK per route. `install / floor` divides by `c-netlink` (by `netlink` when
              the C writer did not run). `c-netlink-nh` (ADR 0128) is the C writer again, every route naming one
              kernel nexthop object (RTA_NH_ID) that it creates before its clock starts: the floor of `jbgpd-nh`.
              The ratios and targets never divide by it; where it ran, `install / nhid floor` and
              `withdraw / nhid floor` divide by it as well.
            - **`jbgpd-nh`** (ADR 0128): the same jbgpd launcher with `kernel.nexthopObjects: true` (ADR 0091): its
              routes name kernel nexthop objects instead of carrying their gateway. After its install is timed, the
              harness checks that the first, middle and last route name one of its objects (`ip route get
              fibmatch`), and after the withdraw that its objects are gone within 5 s; a run that fails either
              check gets no figures. By default it and `c-netlink-nh` run at N above 100,000 only.
            - **B/route / BIRD 2**: RSS bytes per route divided by BIRD 2's in the same table (issue 8's memory target).
            - A receiver that fails a run (exits, no session within 60 s, no progress for 60 s: its route count still
              and its processes under a tenth of a core (ADR 0111; GoBGP drops a peer's table in one step, its count
              stands still while it works), or the overall timeout of 60 s + 1 s per 1,000 routes) gets "not available: reason" and is not run again
              in that scenario (remaining runs and larger N say "skipped"), so one broken daemon costs one timeout.
            """;
}
