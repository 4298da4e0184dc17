package org.jbgpd.cli;

import java.util.ArrayList;
import java.util.List;

/** A boxed text table like calicoctl prints; column widths fit the widest cell. */
final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) { this.headers = List.of(headers); }

    Table row(Object... cells) {
        List<String> r = new ArrayList<>(cells.length);
        for (Object c : cells) r.add(c == null ? "" : c.toString());
        rows.add(r);
        return this;
    }

    @Override
    public String toString() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) width[i] = headers.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], r.get(i).length());
        StringBuilder sb = new StringBuilder();
        rule(sb, width);
        line(sb, width, headers);
        rule(sb, width);
        for (List<String> r : rows) line(sb, width, r);
        rule(sb, width);
        return sb.toString();
    }

    private static void rule(StringBuilder sb, int[] width) {
        for (int w : width) sb.append('+').append("-".repeat(w + 2));
        sb.append("+\n");
    }

    private static void line(StringBuilder sb, int[] width, List<String> cells) {
        for (int i = 0; i < width.length; i++) {
            String c = cells.get(i);
            sb.append("| ").append(c).append(" ".repeat(width[i] - c.length() + 1));
        }
        sb.append("|\n");
    }
}
