package org.jbgpd.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain SVG bar chart, written by hand so the harness needs no plotting library: one panel
 * per scenario and N (largest N first), one row per receiver, an install bar and a withdraw bar (median seconds,
 * with a whisker from min to max), each panel on its own linear scale; peak RSS bytes per route at
 * the right end of each daemon's row.
 */
final class SvgChart {
    private static final int WIDTH = 900;
    private static final int LABEL = 150;
    private static final int PLOT = WIDTH - LABEL - 190;
    private static final int ROW = 30;
    private static final int BAR = 11;
    private static final String INSTALL = "#3b6fb6";
    private static final String WITHDRAW = "#e08a2e";

    private SvgChart() {}

    static String render(String title, List<Summary> summaries) {
        List<List<Summary>> panels = new ArrayList<>();
        for (Summary s : summaries) {
            List<Summary> last = panels.isEmpty() ? null : panels.getLast();
            if (last == null || last.getFirst().scenario() != s.scenario() || last.getFirst().routes() != s.routes()) {
                panels.add(new ArrayList<>());
            }
            panels.getLast().add(s);
        }
        // Largest N first: the figures the targets are stated at are what a reader of the README sees first.
        panels.sort(java.util.Comparator.comparingInt((List<Summary> p) -> p.getFirst().routes()).reversed());
        StringBuilder body = new StringBuilder();
        int y = 50;
        for (List<Summary> panel : panels) {
            y = panel(body, panel, y);
        }
        int height = y + 10;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        b.append(text(10, 20, escape(title), "font-size=\"15\" font-weight=\"bold\""));
        b.append("<rect x=\"").append(LABEL).append("\" y=\"30\" width=\"12\" height=\"10\" fill=\"").append(INSTALL).append("\"/>");
        b.append(text(LABEL + 16, 39, "install: Established to all N in the kernel (s)", ""));
        b.append("<rect x=\"").append(LABEL + 330).append("\" y=\"30\" width=\"12\" height=\"10\" fill=\"").append(WITHDRAW).append("\"/>");
        b.append(text(LABEL + 346, 39, "withdraw: feeder disabled to none left (s)", ""));
        b.append(body);
        b.append("</svg>\n");
        return b.toString();
    }

    private static int panel(StringBuilder b, List<Summary> panel, int y) {
        Summary first = panel.getFirst();
        y += 22;
        b.append(text(10, y, escape(first.scenario().id + ", N = " + String.format(Locale.ROOT, "%,d", first.routes())), "font-weight=\"bold\""));
        y += 8;
        double max = 0;
        for (Summary s : panel) {
            if (!s.available()) continue;
            max = Math.max(max, Math.max(s.install().max(), s.withdraw().max()));
        }
        if (max <= 0) max = 1;
        for (Summary s : panel) {
            b.append(text(10, y + 18, escape(s.shortName()), ""));
            if (!s.available()) {
                b.append(text(LABEL, y + 18, "not available", "fill=\"#888\""));
            } else {
                bar(b, y + 3, s.install(), max, INSTALL);
                bar(b, y + 3 + BAR + 2, s.withdraw(), max, WITHDRAW);
                if (s.peakRssBytes() > 0) {
                    b.append(text(WIDTH - 100, y + 18, String.format(Locale.ROOT, "%,.0f B/route", s.rssBytesPerRoute()), "font-size=\"11\" fill=\"#555\""));
                }
            }
            y += ROW;
        }
        b.append("<line x1=\"").append(LABEL).append("\" y1=\"").append(y - ROW * panel.size()).append("\" x2=\"").append(LABEL)
                .append("\" y2=\"").append(y).append("\" stroke=\"#444\"/>\n");
        return y;
    }

    private static void bar(StringBuilder b, int y, Summary.Stat st, double max, String color) {
        int w = (int) Math.max(1, Math.round(st.median() / max * PLOT));
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", LABEL, y, w, BAR, color));
        if (st.max() > st.min()) {
            int x1 = LABEL + (int) Math.round(st.min() / max * PLOT);
            int x2 = LABEL + (int) Math.round(st.max() / max * PLOT);
            int my = y + BAR / 2;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#222\"/>", x1, my, x2, my));
        }
        b.append(text(LABEL + w + 6 + (st.max() > st.min() ? (int) Math.round((st.max() - st.median()) / max * PLOT) : 0), y + BAR - 1,
                String.format(Locale.ROOT, "%.2f", st.median()), "font-size=\"11\""));
        b.append('\n');
    }

    private static String text(int x, int y, String content, String attributes) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" " + attributes + ">" + content + "</text>\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
