package org.jbgpd.bench.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where jbgpd's CPU went while it installed and withdrew the largest N of each scenario: a
 * Markdown table of every such run and one summary line per scenario (its median-install run),
 * from the per-thread reads {@link ReceiverRun} takes (see {@link ThreadCpu}). This is the profile
 * issue 8's closing note needs where a target is missed: whether the install was bound by the
 * kernel writer's CPU (fib-sync at ~100% of a core, mostly system time), by the stages before it,
 * or by waiting.
 */
final class ThreadReport {
    private ThreadReport() {}

    /** The jbgpd runs with a thread profile at the largest N of their scenario, in measurement order. */
    static List<Measurement> profiled(List<Measurement> all) {
        // Per receiver (jbgpd, jbgpd-nh): jbgpd-nh runs at the large sizes only by default, and each gets its own largest N.
        Map<String, Integer> largest = new LinkedHashMap<>();
        for (Measurement m : all) {
            if (m.ok() && m.installThreads() != null) largest.merge(m.receiver() + "/" + m.scenario().id, m.routes(), Math::max);
        }
        List<Measurement> list = new ArrayList<>();
        for (Measurement m : all) {
            if (m.ok() && m.installThreads() != null && largest.get(m.receiver() + "/" + m.scenario().id) == m.routes()) list.add(m);
        }
        return list;
    }

    static String markdown(List<Measurement> all) {
        List<Measurement> runs = profiled(all);
        if (runs.isEmpty()) return "";
        StringBuilder b = new StringBuilder("\n## jbgpd CPU per thread group (largest N of each scenario)\n\n");
        b.append("CPU seconds (user + system) of the jbgpd JVM's threads, read from /proc/PID/task/*/stat (10 ms ticks): ")
                .append("**install** from the moment the harness saw the session Established (polling the feeder every 50 ms) to all N routes in the kernel, **withdraw** from disabling it to none left. ")
                .append("wall = seconds between the two reads; the percentage is the group's CPU / wall (100% = one core busy the whole time). ")
                .append("GC/VM = VM Thread (Serial GC), GC and service threads; C1/C2 = JIT compilers; other = every other thread, ")
                .append("including threads that ended in between. ")
                .append("**wait** = seconds the group's threads were runnable but waited on a run queue for a CPU (/proc/PID/task/TID/schedstat, second field; ")
                .append("threads that ended in between are not in it): CPU contention, not work. A group whose wait is large next to its CPU was slowed by ")
                .append("the machine being busy (other threads of jbgpd, the feeder, the harness, other load), not by its own work.\n\n");
        b.append("| scenario, N, run | phase | wall s |");
        for (String g : ThreadCpu.GROUPS) b.append(' ').append(g).append(" |");
        b.append(" total |\n|---|---|---|");
        b.append("---|".repeat(ThreadCpu.GROUPS.size() + 1)).append('\n');
        for (Measurement m : runs) {
            String name = m.scenario().id + ", " + ClosingSummary.size(m.routes()) + ", run " + m.run() + (m.receiver().equals("jbgpd") ? "" : ", " + m.receiver());
            row(b, name, "install", m.installThreads());
            if (m.withdrawThreads() != null) row(b, name, "withdraw", m.withdrawThreads());
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String phase, ThreadCpu.Usage u) {
        b.append("| ").append(name).append(" | ").append(phase).append(" | ").append(fmt("%.2f", u.wallSeconds())).append(" |");
        double allWait = 0;
        for (String g : ThreadCpu.GROUPS) {
            b.append(' ').append(cell(u.of(g), u.wallSeconds(), u.waitOf(g))).append(" |");
            allWait += u.waitOf(g);
        }
        b.append(' ').append(cell(u.total(), u.wallSeconds(), allWait)).append(" |\n");
    }

    private static String cell(ThreadCpu.Times t, double wall, double wait) {
        String cpu = fmt("%.2f", t.user()) + " + " + fmt("%.2f", t.system()) + " (" + fmt("%.0f", wall > 0 ? 100 * t.total() / wall : 0) + "%)";
        return Double.isNaN(wait) ? cpu : cpu + ", wait " + fmt("%.2f", wait);
    }

    /** One line per scenario: its median-install run's groups, busiest first, to quote in a closing note. */
    static String summaryLines(List<Measurement> all) {
        Map<String, List<Measurement>> byScenario = new LinkedHashMap<>();
        for (Measurement m : profiled(all)) byScenario.computeIfAbsent(m.scenario().id + "/" + m.routes() + "/" + m.receiver(), k -> new ArrayList<>()).add(m);
        StringBuilder b = new StringBuilder();
        for (List<Measurement> runs : byScenario.values()) {
            List<Measurement> sorted = new ArrayList<>(runs);
            sorted.sort(Comparator.comparingDouble(Measurement::installSeconds));
            Measurement m = sorted.get((sorted.size() - 1) / 2);
            b.append(String.format(Locale.ROOT, "%-10s %5s %-16s", m.scenario().id, ClosingSummary.size(m.routes()), m.receiver() + " threads"))
                    .append(" install (").append(phase(m.installThreads())).append(')');
            if (m.withdrawThreads() != null) b.append(" | withdraw (").append(phase(m.withdrawThreads())).append(')');
            b.append('\n');
        }
        return b.toString();
    }

    private static String phase(ThreadCpu.Usage u) {
        List<String> groups = new ArrayList<>(ThreadCpu.GROUPS);
        groups.sort(Comparator.comparingDouble((String g) -> u.of(g).total()).reversed());
        StringBuilder b = new StringBuilder(fmt("%.2f", u.wallSeconds())).append(" s wall, CPU s user+sys")
                .append(u.waitSeconds().isEmpty() ? "" : " (and run-queue wait s)").append(": ");
        for (int i = 0; i < groups.size(); i++) {
            ThreadCpu.Times t = u.of(groups.get(i));
            if (i > 0) b.append(", ");
            double wait = u.waitOf(groups.get(i));
            b.append(groups.get(i)).append(' ').append(fmt("%.2f", t.user())).append('+').append(fmt("%.2f", t.system()))
                    .append(" (").append(fmt("%.0f", u.wallSeconds() > 0 ? 100 * t.total() / u.wallSeconds() : 0)).append('%')
                    .append(Double.isNaN(wait) ? "" : ", wait " + fmt("%.2f", wait)).append(')');
        }
        return b.toString();
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
