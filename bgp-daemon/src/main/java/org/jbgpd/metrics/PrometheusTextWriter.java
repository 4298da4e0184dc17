package org.jbgpd.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus text exposition format 0.0.4 of a registry's meters, as micrometer-registry-prometheus
 * (with the Prometheus client 1.x writer) wrote it before ADR 0120, byte for byte for the meters jbgpd
 * has ({@code PrometheusTextWriterTest} compares the two):
 * <ul>
 * <li>families sorted by name (a counter's name without {@code _total}), series in a family by label
 *     names, then label values; labels sorted by name;
 * <li>{@code # HELP} with the meter's description (a single space without one; backslash and newline
 *     escaped), then {@code # TYPE};
 * <li>gauges and counters as {@link Double#toString} ({@code NaN}, {@code +Inf}, {@code -Inf});
 *     label values with backslash, double quote and newline escaped;
 * <li>a timer or distribution summary with buckets is a histogram ({@code _bucket} with {@code le},
 *     cumulative, {@code +Inf} = count; {@code _count}; {@code _sum}), without buckets a summary
 *     ({@code _count}, {@code _sum}); counts as integers; either has a {@code _max} gauge family.
 * </ul>
 *
 * <p>Everything but the values (names, labels, HELP/TYPE lines, the order) is laid out once and again
 * only when the registry's meters are not those of the layout; a scrape then writes the values into one reused byte
 * buffer. Building every line anew per scrape (names and labels through the naming convention, a
 * string per line, the text copied three times) made ~190 KB of garbage a scrape, and in a daemon at
 * Calico scale a young GC every dozen scrapes, whose survivors are promoted (ADR 0130).
 */
final class PrometheusTextWriter {

    /** What a series writes at a scrape. */
    private enum Kind { GAUGE, COUNTER, DISTRIBUTION, MAX }

    /** One metric family in output order: its HELP and TYPE lines, then its series. */
    private record Family(byte[] head, List<Series> series) {}

    /**
     * One meter's lines in a family. {@code prefix} is {@code name{labels} } (everything before the
     * value) for gauges, counters and the max; a distribution's line heads are laid out at its first
     * write ({@link #heads}).
     */
    private static final class Series {
        final String[] labelNames;
        final String[] labelValues;
        final Meter meter;
        final Kind kind;
        final String name;
        final byte[] prefix;
        /** A distribution's line heads ({@code name_bucket{...,le="x"} } ...), laid out at its first write. */
        byte[][] buckets;

        Series(String[] labelNames, String[] labelValues, Meter meter, Kind kind, String name) {
            this.labelNames = labelNames;
            this.labelValues = labelValues;
            this.meter = meter;
            this.kind = kind;
            this.name = name;
            this.prefix = kind == Kind.DISTRIBUTION ? null : ascii(line(name, "", null) + ' ');
        }

        String line(String name, String suffix, String le) {
            StringBuilder s = new StringBuilder(name.length() + 64).append(name).append(suffix);
            labels(s, labelNames, labelValues, le);
            return s.toString();
        }
    }

    private final MeterRegistry registry;
    /** The meters {@link #layout} was made from, in the registry's order; only the writing thread. */
    private List<Meter> laidOut = List.of();
    /** The families in output order; only the writing thread. */
    private List<Family> layout;
    private byte[] buf = new byte[16 * 1024];
    private int size;

    PrometheusTextWriter(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Writes every meter's series; one caller at a time (the metrics thread). */
    synchronized void write(OutputStream out) throws IOException {
        // The registry's meters now (a copy, ~0.5 KB), compared with those of the layout: a meter added or
        // removed from any thread shows at the next scrape. Registry listeners would not do: Micrometer
        // calls them before the meter is in its map, so a layout made in between would miss it for good.
        List<Meter> meters = registry.getMeters();
        if (layout == null || !same(meters, laidOut)) {
            layout = layout(meters, registry.config().namingConvention());
            laidOut = meters;
        }
        List<Family> families = layout;
        size = 0;
        for (Family f : families) {
            put(f.head());
            for (Series s : f.series()) values(s);
        }
        out.write(buf, 0, size);
    }

    private void values(Series s) {
        Meter m = s.meter;
        switch (s.kind) {
            case GAUGE -> { put(s.prefix); value(((Gauge) m).value()); }
            case COUNTER -> { put(s.prefix); value(m instanceof Counter c ? c.count() : ((FunctionCounter) m).count()); }
            case MAX -> { put(s.prefix); value(m instanceof Timer t ? t.max(TimeUnit.SECONDS) : ((DistributionSummary) m).max()); }
            case DISTRIBUTION -> distribution(s);
        }
        if (s.kind != Kind.DISTRIBUTION) put((byte) '\n');
    }

    private void distribution(Series s) {
        long count;
        double sum;
        CountAtBucket[] counts;
        if (s.meter instanceof Timer t) {
            count = t.count();
            sum = t.totalTime(TimeUnit.SECONDS);
            counts = t.takeSnapshot().histogramCounts();
        } else {
            DistributionSummary d = (DistributionSummary) s.meter;
            count = d.count();
            sum = d.totalAmount();
            counts = d.takeSnapshot().histogramCounts();
        }
        byte[][] heads = s.buckets;
        if (heads == null || heads.length != counts.length + (counts.length > 0 ? 3 : 2)) {
            heads = heads(s, counts);
            s.buckets = heads;
        }
        int i = 0;
        for (CountAtBucket b : counts) {
            put(heads[i++]);
            integer((long) b.count());
            put((byte) '\n');
        }
        if (counts.length > 0) {
            put(heads[i++]);
            integer(count);
            put((byte) '\n');
        }
        put(heads[i++]);
        integer(count);
        put((byte) '\n');
        put(heads[i]);
        value(sum);
        put((byte) '\n');
    }

    /** What comes before each value of a distribution: its buckets (bounds fixed at registration), +Inf, _count, _sum. */
    private static byte[][] heads(Series s, CountAtBucket[] counts) {
        boolean timer = s.meter instanceof Timer;
        List<byte[]> heads = new ArrayList<>(counts.length + 3);
        for (CountAtBucket b : counts) heads.add(ascii(s.line(s.name, "_bucket", number(timer ? b.bucket(TimeUnit.SECONDS) : b.bucket())) + ' '));
        if (counts.length > 0) heads.add(ascii(s.line(s.name, "_bucket", "+Inf") + ' '));
        heads.add(ascii(s.line(s.name, "_count", null) + ' '));
        heads.add(ascii(s.line(s.name, "_sum", null) + ' '));
        return heads.toArray(new byte[0][]);
    }

    /** The same meter objects in the same order. */
    private static boolean same(List<Meter> a, List<Meter> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) return false;
        }
        return true;
    }

    /** Families and series in output order, with their fixed text. */
    private static List<Family> layout(List<Meter> meters, NamingConvention names) {
        record Building(String name, String type, String help, List<Series> series) {}
        TreeMap<String, Building> families = new TreeMap<>();
        for (Meter m : meters) {
            Meter.Id id = m.getId();
            String name = id.getConventionName(names);
            String help = id.getDescription() == null ? " " : id.getDescription();
            String[][] labels = labels(id.getConventionTags(names));
            String family = name;
            String type;
            Kind kind;
            // instanceof, not a pattern switch: a type switch spins a class at run time, at every start (not in the AOT cache).
            if (m instanceof Gauge) {
                type = "gauge";
                kind = Kind.GAUGE;
            } else if (m instanceof Counter || m instanceof FunctionCounter) {
                type = "counter";
                kind = Kind.COUNTER;
                if (name.endsWith(PrometheusNames.TOTAL)) family = name.substring(0, name.length() - PrometheusNames.TOTAL.length());
            } else if (m instanceof Timer || m instanceof DistributionSummary) {
                boolean buckets = (m instanceof Timer t ? t.takeSnapshot() : ((DistributionSummary) m).takeSnapshot()).histogramCounts().length > 0;
                type = buckets ? "histogram" : "summary";
                kind = Kind.DISTRIBUTION;
                String max = name + "_max";
                families.computeIfAbsent(max, k -> new Building(max, "gauge", help, new ArrayList<>())).series()
                        .add(new Series(labels[0], labels[1], m, Kind.MAX, max));
            } else {
                throw new IllegalStateException("no Prometheus text for " + m.getClass().getName() + " " + id.getName());
            }
            String t = type;
            families.computeIfAbsent(family, k -> new Building(name, t, help, new ArrayList<>())).series()
                    .add(new Series(labels[0], labels[1], m, kind, name));
        }
        List<Family> out = new ArrayList<>(families.size());
        for (Building b : families.values()) {
            StringBuilder head = new StringBuilder(128).append("# HELP ").append(b.name()).append(' ');
            escape(head, b.help(), false);
            head.append("\n# TYPE ").append(b.name()).append(' ').append(b.type()).append('\n');
            b.series().sort(PrometheusTextWriter::compare);
            out.add(new Family(head.toString().getBytes(StandardCharsets.UTF_8), List.copyOf(b.series())));
        }
        return List.copyOf(out);
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    private void ensure(int more) {
        if (size + more > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }

    private void value(double v) {
        putAscii(number(v));
    }

    private void integer(long v) {
        putAscii(Long.toString(v));
    }

    private void putAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) buf[size++] = (byte) s.charAt(i);
    }

    /** Label text is UTF-8 (label values may hold any character); numbers and names are ASCII. */
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Label names and values, sorted by name: [0] names, [1] values. */
    private static String[][] labels(List<Tag> tags) {
        int n = tags.size();
        String[] names = new String[n], values = new String[n];
        for (int i = 0; i < n; i++) {
            Tag t = tags.get(i);
            int j = i;
            while (j > 0 && names[j - 1].compareTo(t.getKey()) > 0) {
                names[j] = names[j - 1];
                values[j] = values[j - 1];
                j--;
            }
            names[j] = t.getKey();
            values[j] = t.getValue();
        }
        return new String[][] {names, values};
    }

    /** {@code {a="x",b="y"}}, with {@code le} last when given; nothing without labels. */
    private static void labels(StringBuilder s, String[] names, String[] values, String le) {
        if (names.length == 0 && le == null) return;
        s.append('{');
        for (int i = 0; i < names.length; i++) {
            if (i > 0) s.append(',');
            s.append(names[i]).append("=\"");
            escape(s, values[i], true);
            s.append('"');
        }
        if (le != null) s.append(names.length > 0 ? "," : "").append("le=\"").append(le).append('"');
        s.append('}');
    }

    /** Backslash and newline always; the double quote only in label values (the 0.0.4 rules). */
    private static void escape(StringBuilder s, String value, boolean labelValue) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '"' -> s.append(labelValue ? "\\\"" : "\"");
                default -> s.append(c);
            }
        }
    }

    private static String number(double v) {
        if (v == Double.POSITIVE_INFINITY) return "+Inf";
        if (v == Double.NEGATIVE_INFINITY) return "-Inf";
        return Double.toString(v);
    }

    /** By label names, then by label values, each array element by element, a shorter array first. */
    private static int compare(Series a, Series b) {
        int c = compare(a.labelNames, b.labelNames);
        return c != 0 ? c : compare(a.labelValues, b.labelValues);
    }

    private static int compare(String[] a, String[] b) {
        for (int i = 0; i < a.length; i++) {
            if (i >= b.length) return 1;
            int c = a[i].compareTo(b[i]);
            if (c != 0) return c;
        }
        return b.length > a.length ? -1 : 0;
    }
}
