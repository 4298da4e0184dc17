package org.jbgpd.bench.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One compact table of the largest N of every scenario, every receiver and the C floor, in the
 * shape of the project README's Performance table, so refreshing the README after a quiet run is
 * a copy of one block from e2e.md, not a hand-made table.
 */
final class ReadmeTable {
    private ReadmeTable() {}

    static String markdown(List<Summary> summaries) {
        Map<Scenario, Integer> largest = new LinkedHashMap<>();
        for (Summary s : summaries) largest.merge(s.scenario(), s.routes(), Math::max);
        List<Summary> rows = new ArrayList<>();
        for (Summary s : summaries) {
            if (largest.get(s.scenario()) == s.routes() && !s.receiver().equals("netlink") && !s.receiver().equals("ip-batch")) rows.add(s);
        }
        if (rows.isEmpty()) return "";
        // Both C floors ran (ADR 0128): two more columns divide by the one through a nexthop object.
        boolean nh = rows.stream().anyMatch(s -> MarkdownReport.nexthopFloorOf(summaries, s) != null);
        StringBuilder b = new StringBuilder("\n## The largest N of each scenario in one table (for the README)\n\n");
        b.append("Medians; ratios to the C floor (`c-netlink`) and to BIRD 2's bytes per route in the same run. ")
                .append(nh ? "The `nhid floor` columns divide by `c-netlink-nh` (the C writer through one kernel nexthop object, the floor of "
                        + "`jbgpd-nh`, jbgpd with `kernel.nexthopObjects: true`); the targets are judged against `c-netlink`. " : "")
                .append("GoBGP keeps routes in its RIB only (it cannot install without zebra).\n\n");
        b.append("| scenario, N | receiver | install s | withdraw s | install / floor | withdraw / floor | ")
                .append(nh ? "install / nhid floor | withdraw / nhid floor | " : "")
                .append("peak RSS MiB | RSS B/route | B/route / BIRD 2 | CPU s |\n");
        b.append("|---|---|---|---|---|---|").append(nh ? "---|---|" : "").append("---|---|---|---|\n");
        for (Summary s : rows) {
            String head = "| " + s.scenario().id + ", " + ClosingSummary.size(s.routes()) + " | " + s.displayName() + " | ";
            if (!s.available()) {
                b.append(head).append("not available | | | | | | | |").append(nh ? " | |" : "").append('\n');
                continue;
            }
            Summary floor = MarkdownReport.floorOf(summaries, s);
            Summary nhFloor = MarkdownReport.nexthopFloorOf(summaries, s);
            Summary bird = MarkdownReport.peerOf(summaries, s, "bird2");
            boolean memory = s.peakRssBytes() > 0 && !s.receiver().equals(NullReceiver.ID);
            boolean feederOnly = s.receiver().equals(NullReceiver.ID);
            b.append(head).append(fmt("%.2f", s.install().median())).append(" | ").append(fmt("%.2f", s.withdraw().median())).append(" | ")
                    .append(ratio(s.install().median(), floor == null ? Double.NaN : floor.install().median())).append(" | ")
                    .append(feederOnly ? "" : ratio(s.withdraw().median(), floor == null ? Double.NaN : floor.withdraw().median())).append(" | ");
            if (nh) {
                boolean self = nhFloor == null || nhFloor == s;
                b.append(self ? "" : ratio(s.install().median(), nhFloor.install().median())).append(" | ")
                        .append(self || feederOnly ? "" : ratio(s.withdraw().median(), nhFloor.withdraw().median())).append(" | ");
            }
            b.append(memory ? fmt("%.0f", s.peakRssBytes() / 1048576.0) : "").append(" | ")
                    .append(memory ? fmt("%.0f", s.rssBytesPerRoute()) : "").append(" | ")
                    .append(memory && bird != null && bird.peakRssBytes() > 0 ? ratio(s.rssBytesPerRoute(), bird.rssBytesPerRoute()) : "").append(" | ")
                    .append(Double.isNaN(s.cpuSeconds()) ? "" : fmt("%.2f", s.cpuSeconds())).append(" |\n");
        }
        return b.toString();
    }

    private static String ratio(double value, double base) {
        if (Double.isNaN(value) || Double.isNaN(base) || base <= 0) return "";
        return fmt("%.2fx", value / base);
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
