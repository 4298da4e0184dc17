package org.jbgpd.bench.e2e;

import java.util.List;
import java.util.Locale;

/**
 * The lines a closing note can quote: one per receiver, scenario and N, with the ratios issue 8
 * states its targets in (install and withdraw against the C floor of the same run, RSS bytes per
 * route against BIRD 2's), and for jbgpd whether each target is met.
 */
final class ClosingSummary {
    static final double TIME_TARGET = 1.5;
    static final double MEMORY_TARGET = 1.0;
    static final double MEMORY_MILESTONE = 2.0;

    private ClosingSummary() {}

    static String render(List<Summary> summaries) {
        StringBuilder b = new StringBuilder();
        for (Summary s : summaries) b.append(line(s, summaries)).append('\n');
        if (MarkdownReport.hasNexthopFloor(summaries)) b.append(NEXTHOP_FLOOR_LINE).append('\n');
        return b.toString();
    }

    /** Says which floor "floor" is when the run had both (ADR 0128). */
    static final String NEXTHOP_FLOOR_LINE = "(floor = c-netlink, issue 8's floor: routes carry their gateway; the targets are judged against it. "
            + "nhid floor = c-netlink-nh: the same C writer, routes through one kernel nexthop object; jbgpd-nh = jbgpd with kernel.nexthopObjects: true.)";

    static String line(Summary s, List<Summary> all) {
        String head = String.format(Locale.ROOT, "%-10s %5s %-16s", s.scenario().id, size(s.routes()), s.displayName().replace(" (floor)", " floor"));
        if (!s.available()) {
            return head + " not available: " + (s.failures().isEmpty() ? "no figures" : s.failures().getFirst());
        }
        Summary floor = MarkdownReport.floorOf(all, s);
        if (s.receiver().equals(NullReceiver.ID)) return feederAlone(head, s, floor);
        Summary bird = MarkdownReport.peerOf(all, s, "bird2");
        // jbgpd with nexthop objects is judged by the same targets against the same floor: what a user who turns them on gets.
        boolean jbgpd = s.receiver().equals("jbgpd") || s.receiver().equals(JbgpdReceiver.NEXTHOP_OBJECTS_ID);
        Summary nhFloor = MarkdownReport.nexthopFloorOf(all, s);
        StringBuilder b = new StringBuilder(head);
        b.append(" install ").append(stat(s.install()));
        // The floor's own row has no ratio to itself.
        if (floor != null && floor != s) {
            appendRatio(b, s.install().median(), floor.install().median(), "floor", jbgpd ? TIME_TARGET : Double.NaN, Double.NaN);
        }
        appendNexthopRatio(b, s, nhFloor, s.install().median(), nhFloor == null ? Double.NaN : nhFloor.install().median(), floor != null && floor != s);
        b.append(" | withdraw ").append(stat(s.withdraw()));
        if (floor != null && floor != s) {
            appendRatio(b, s.withdraw().median(), floor.withdraw().median(), "floor", jbgpd ? TIME_TARGET : Double.NaN, Double.NaN);
        }
        appendNexthopRatio(b, s, nhFloor, s.withdraw().median(), nhFloor == null ? Double.NaN : nhFloor.withdraw().median(), floor != null && floor != s);
        if (s.peakRssBytes() > 0) {
            b.append(String.format(Locale.ROOT, " | %.0f B/route", s.rssBytesPerRoute()));
            if (!s.receiver().equals("bird2")) {
                appendRatio(b, s.rssBytesPerRoute(), bird == null || bird.peakRssBytes() <= 0 ? Double.NaN : bird.rssBytesPerRoute(),
                        "BIRD 2", jbgpd ? MEMORY_TARGET : Double.NaN, jbgpd ? MEMORY_MILESTONE : Double.NaN);
            }
        }
        if (!Double.isNaN(s.cpuSeconds())) b.append(String.format(Locale.ROOT, " | CPU %.2f s", s.cpuSeconds()));
        if (!Double.isNaN(s.harnessInstallCpuSeconds())) {
            b.append(String.format(Locale.ROOT, " | harness CPU %.2f s during install, finish gap %.0f ms", s.harnessInstallCpuSeconds(), s.finishGapMillis()));
        }
        if (s.failures().size() > 0) b.append(" | ").append(s.failures().size()).append(" of ").append(s.runs()).append(" runs failed");
        return b.toString();
    }

    /**
     * The null receiver's line (ADR 0111): how long the feeder needs to send N routes, against the
     * floor; no receiver can install faster, so a ratio above the 1.5x target makes that target
     * unreachable in this harness.
     */
    private static String feederAlone(String head, Summary s, Summary floor) {
        StringBuilder b = new StringBuilder(head).append(" feeder alone: ").append(stat(s.install()));
        if (floor != null) appendRatio(b, s.install().median(), floor.install().median(), "floor", Double.NaN, Double.NaN);
        b.append(" (Established to its last UPDATE)");
        if (!Double.isNaN(s.feederCpuSeconds())) b.append(String.format(Locale.ROOT, " | feeder CPU %.2f s", s.feederCpuSeconds()));
        if (!Double.isNaN(s.cpuSeconds())) b.append(String.format(Locale.ROOT, " | null receiver CPU %.2f s", s.cpuSeconds()));
        if (s.failures().size() > 0) b.append(" | ").append(s.failures().size()).append(" of ").append(s.runs()).append(" runs failed");
        return b.toString();
    }

    /** ", 1.10x nhid floor" after a floor ratio, " = 1.10x nhid floor" where there is none (the c-netlink row); nothing without that floor. */
    private static void appendNexthopRatio(StringBuilder b, Summary s, Summary nhFloor, double value, double base, boolean afterFloorRatio) {
        if (nhFloor == null || nhFloor == s || Double.isNaN(value) || Double.isNaN(base) || base <= 0) return;
        b.append(String.format(Locale.ROOT, "%s%.2fx nhid floor", afterFloorRatio ? ", " : " = ", value / base));
    }

    private static void appendRatio(StringBuilder b, double value, double base, String baseName, double target, double milestone) {
        if (Double.isNaN(value) || Double.isNaN(base) || base <= 0) return;
        double r = value / base;
        b.append(String.format(Locale.ROOT, " = %.2fx %s", r, baseName));
        if (!Double.isNaN(target)) {
            b.append(String.format(Locale.ROOT, " (target %.1fx %s", target, r <= target ? "met" : String.format(Locale.ROOT, "missed by %.2fx", r / target)));
            if (!Double.isNaN(milestone)) b.append(String.format(Locale.ROOT, "; milestone %.1fx %s", milestone, r <= milestone ? "met" : "missed"));
            b.append(')');
        }
    }

    private static String stat(Summary.Stat st) {
        if (st.min() == st.max()) return String.format(Locale.ROOT, "%.2f s", st.median());
        return String.format(Locale.ROOT, "%.2f s (%.2f-%.2f)", st.median(), st.min(), st.max());
    }

    static String size(int n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) return n / 1_000_000 + "M";
        if (n >= 1_000 && n % 1_000 == 0) return n / 1_000 + "k";
        return Integer.toString(n);
    }
}
