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
 */
final class PrometheusTextWriter {

    private PrometheusTextWriter() {}

    /** The series of one metric family, each already written out, with the labels they sort by. */
    private record Family(String name, String type, String help, List<Series> series) {}

    private record Series(String[] labelNames, String[] labelValues, String text) {}

    static void write(MeterRegistry registry, OutputStream out) throws IOException {
        NamingConvention names = registry.config().namingConvention();
        TreeMap<String, Family> families = new TreeMap<>();
        for (Meter m : registry.getMeters()) {
            Meter.Id id = m.getId();
            String name = id.getConventionName(names);
            String help = id.getDescription() == null ? " " : id.getDescription();
            String[][] labels = labels(id.getConventionTags(names));
            // instanceof, not a pattern switch: a type switch spins a class at run time, at every start (not in the AOT cache).
            if (m instanceof Gauge g) {
                add(families, name, name, "gauge", help, labels, sample(name, labels, "", g.value()));
            } else if (m instanceof Counter c) {
                counter(families, name, help, labels, c.count());
            } else if (m instanceof FunctionCounter c) {
                counter(families, name, help, labels, c.count());
            } else if (m instanceof Timer t) {
                distribution(families, name, help, labels, t.count(), t.totalTime(TimeUnit.SECONDS), t.max(TimeUnit.SECONDS),
                        t.takeSnapshot().histogramCounts(), TimeUnit.SECONDS);
            } else if (m instanceof DistributionSummary s) {
                distribution(families, name, help, labels, s.count(), s.totalAmount(), s.max(), s.takeSnapshot().histogramCounts(), null);
            } else {
                throw new IllegalStateException("no Prometheus text for " + m.getClass().getName() + " " + id.getName());
            }
        }
        StringBuilder text = new StringBuilder(8192);
        for (Family f : families.values()) {
            text.append("# HELP ").append(f.name()).append(' ');
            escape(text, f.help(), false);
            text.append("\n# TYPE ").append(f.name()).append(' ').append(f.type()).append('\n');
            f.series().sort(PrometheusTextWriter::compare);
            for (Series s : f.series()) text.append(s.text());
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void counter(TreeMap<String, Family> families, String name, String help, String[][] labels, double count) {
        String family = name.endsWith(PrometheusNames.TOTAL) ? name.substring(0, name.length() - PrometheusNames.TOTAL.length()) : name;
        add(families, family, name, "counter", help, labels, sample(name, labels, "", count));
    }

    /** @param unit the unit of bucket bounds for a timer, null for a distribution summary */
    private static void distribution(TreeMap<String, Family> families, String name, String help, String[][] labels, long count, double sum,
            double max, CountAtBucket[] buckets, TimeUnit unit) {
        StringBuilder s = new StringBuilder(64 * (buckets.length + 3));
        for (CountAtBucket b : buckets) {
            s.append(name).append("_bucket");
            labels(s, labels, number(unit == null ? b.bucket() : b.bucket(unit)));
            s.append(' ').append((long) b.count()).append('\n');
        }
        if (buckets.length > 0) {
            s.append(name).append("_bucket");
            labels(s, labels, "+Inf");
            s.append(' ').append(count).append('\n');
        }
        s.append(name).append("_count");
        labels(s, labels, null);
        s.append(' ').append(count).append('\n');
        s.append(sample(name, labels, "_sum", sum));
        add(families, name, name, buckets.length > 0 ? "histogram" : "summary", help, labels, s.toString());
        String maxName = name + "_max";
        add(families, maxName, maxName, "gauge", help, labels, sample(maxName, labels, "", max));
    }

    private static void add(TreeMap<String, Family> families, String sortName, String name, String type, String help, String[][] labels,
            String text) {
        families.computeIfAbsent(sortName, k -> new Family(name, type, help, new ArrayList<>())).series()
                .add(new Series(labels[0], labels[1], text));
    }

    private static String sample(String name, String[][] labels, String suffix, double value) {
        StringBuilder s = new StringBuilder(name.length() + 64).append(name).append(suffix);
        labels(s, labels, null);
        return s.append(' ').append(number(value)).append('\n').toString();
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
    private static void labels(StringBuilder s, String[][] labels, String le) {
        String[] names = labels[0], values = labels[1];
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
        int c = compare(a.labelNames(), b.labelNames());
        return c != 0 ? c : compare(a.labelValues(), b.labelValues());
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
