package org.jbgpd.bench.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wall-clock seconds each part of a harness run took (feeder start-up, each receiver's runs, each
 * floor), per scenario and N, so the report says where a run's time goes and how the whole
 * comparison fits the slot it has on a quiet machine.
 */
final class Durations {
    /** Parts in the order they first ran, per "scenario n=N" section. */
    private final Map<String, Map<String, Double>> sections = new LinkedHashMap<>();
    private final long startedNanos = System.nanoTime();

    void add(Scenario scenario, int routes, String part, double seconds) {
        sections.computeIfAbsent(section(scenario, routes), k -> new LinkedHashMap<>()).merge(part, seconds, Double::sum);
    }

    double totalSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static String section(Scenario scenario, int routes) {
        return scenario.id + ", N = " + String.format(Locale.ROOT, "%,d", routes);
    }

    /** One Markdown table: a row per scenario and N, a column per part, and the row's sum. */
    String markdown() {
        List<String> parts = new ArrayList<>();
        for (Map<String, Double> s : sections.values()) for (String p : s.keySet()) if (!parts.contains(p)) parts.add(p);
        StringBuilder b = new StringBuilder("| scenario | ");
        for (String p : parts) b.append(p).append(" | ");
        b.append("sum |\n|---|");
        b.append("---|".repeat(parts.size() + 1)).append('\n');
        for (Map.Entry<String, Map<String, Double>> e : sections.entrySet()) {
            b.append("| ").append(e.getKey()).append(" | ");
            double sum = 0;
            for (String p : parts) {
                Double v = e.getValue().get(p);
                b.append(v == null ? "" : String.format(Locale.ROOT, "%.0f", v)).append(" | ");
                if (v != null) sum += v;
            }
            b.append(String.format(Locale.ROOT, "%.0f", sum)).append(" |\n");
        }
        b.append(String.format(Locale.ROOT, "\nWhole harness run so far: %.0f s (%.1f min), set-up included.\n", totalSeconds(), totalSeconds() / 60));
        return b.toString();
    }
}
