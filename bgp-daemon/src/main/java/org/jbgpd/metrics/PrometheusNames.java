package org.jbgpd.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;

/**
 * Micrometer names to Prometheus names, as micrometer-registry-prometheus names them (ADR 0120), so
 * that the series docs/operations.md lists keep their names: dots become underscores, gauges, counters
 * and summaries get their base unit appended ({@code jvm.memory.used} + bytes =
 * {@code jvm_memory_used_bytes}), counters end in {@code _total}, timers in {@code _seconds};
 * characters Prometheus does not allow become underscores, also a digit at the start.
 */
final class PrometheusNames implements NamingConvention {

    static final String TOTAL = "_total";
    private static final String SECONDS = "_seconds";

    @Override
    public String name(String name, Meter.Type type, String baseUnit) {
        StringBuilder n = new StringBuilder(name.length() + 16).append(name.replace('.', '_'));
        boolean withUnit = type == Meter.Type.COUNTER || type == Meter.Type.GAUGE || type == Meter.Type.DISTRIBUTION_SUMMARY;
        if (withUnit && baseUnit != null && !endsWith(n, "_" + baseUnit)) n.append('_').append(baseUnit);
        if (type == Meter.Type.COUNTER && !endsWith(n, TOTAL)) n.append(TOTAL);
        if ((type == Meter.Type.TIMER || type == Meter.Type.LONG_TASK_TIMER) && !endsWith(n, SECONDS)) n.append(SECONDS);
        return sanitize(n, true);
    }

    @Override
    public String tagKey(String key) {
        return sanitize(new StringBuilder(key.replace('.', '_')), false);
    }

    private static boolean endsWith(StringBuilder s, String suffix) {
        int from = s.length() - suffix.length();
        return from >= 0 && s.indexOf(suffix, from) == from;
    }

    /** Metric names may also hold ':' (recording rules), label names may not. */
    private static String sanitize(StringBuilder s, boolean colonAllowed) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || (colonAllowed && c == ':');
            if (!ok) s.setCharAt(i, '_');
        }
        if (!s.isEmpty() && s.charAt(0) >= '0' && s.charAt(0) <= '9') s.setCharAt(0, '_');
        return s.toString();
    }
}
