package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU seconds of a receiver's threads, grouped the way a jbgpd profile is read: the kernel writer
 * ({@code fib-sync}), the RIB ({@code route-engine}), the Netty session threads ({@code bgp-session*}),
 * the JVM's own ({@code GC/VM}: Serial GC runs in the VM Thread), the JIT compilers ({@code C1/C2}),
 * and the rest. A snapshot reads /proc/PID/task/TID/stat (utime and stime of each live thread) and
 * the process totals; {@link #since} turns two snapshots into what each group used in between.
 * Threads that ended in between are only in the process totals, so "other" is the process total
 * minus the named groups: the groups always add up to the process's CPU.
 */
final class ThreadCpu {
    /** The groups in the order the report shows them. */
    static final List<String> GROUPS = List.of("fib-sync", "route-engine", "bgp-session", "GC/VM", "C1/C2", "other");
    private static final double TICKS_PER_SECOND = 100.0;

    /** User and system CPU seconds. */
    record Times(double user, double system) {
        static final Times ZERO = new Times(0, 0);

        double total() {
            return user + system;
        }

        Times plus(Times o) {
            return new Times(user + o.user, system + o.system);
        }

        Times minus(Times o) {
            return new Times(Math.max(0, user - o.user), Math.max(0, system - o.system));
        }
    }

    /**
     * What each group used between two snapshots, {@code wallSeconds} apart, and how long its threads
     * waited on a run queue (runnable, not running: CPU contention, not work) in {@code waitSeconds}.
     */
    record Usage(Map<String, Times> groups, Map<String, Double> waitSeconds, double wallSeconds) {
        Usage(Map<String, Times> groups, double wallSeconds) {
            this(groups, Map.of(), wallSeconds);
        }

        /** Run-queue wait of a group's threads; NaN when the kernel does not keep schedstat. */
        double waitOf(String group) {
            return waitSeconds.isEmpty() ? Double.NaN : waitSeconds.getOrDefault(group, 0.0);
        }

        Times total() {
            Times t = Times.ZERO;
            for (Times g : groups.values()) t = t.plus(g);
            return t;
        }

        Times of(String group) {
            return groups.getOrDefault(group, Times.ZERO);
        }
    }

    /** {@code waitNanos}: field 2 of /proc/PID/task/TID/schedstat, -1 when the file is missing (no CONFIG_SCHED_INFO). */
    private record Task(String group, Times times, long waitNanos) {}

    private final Map<String, Task> tasks;
    private final Times process;
    private final long nanos;

    private ThreadCpu(Map<String, Task> tasks, Times process, long nanos) {
        this.tasks = tasks;
        this.process = process;
        this.nanos = nanos;
    }

    /** Reads every thread of {@code processes} and their descendants now. */
    static ThreadCpu snapshot(List<Process> processes) {
        Map<String, Task> tasks = new HashMap<>();
        Times process = Times.ZERO;
        for (Process p : processes) {
            if (!p.isAlive()) continue;
            List<Long> pids = new java.util.ArrayList<>(List.of(p.pid()));
            p.descendants().forEach(d -> pids.add(d.pid()));
            for (long pid : pids) {
                Path dir = Path.of("/proc", Long.toString(pid));
                String[] total = stat(dir.resolve("stat"));
                if (total == null) continue;
                process = process.plus(times(total));
                try (DirectoryStream<Path> list = Files.newDirectoryStream(dir.resolve("task"))) {
                    for (Path task : list) {
                        String[] f = stat(task.resolve("stat"));
                        if (f != null) tasks.put(pid + "/" + task.getFileName(), new Task(group(f[0]), times(f), runQueueWait(task.resolve("schedstat"))));
                    }
                } catch (IOException e) {
                    // The process ended meanwhile: its totals above are all there is.
                }
            }
        }
        return new ThreadCpu(tasks, process, System.nanoTime());
    }

    /** What each group used since {@code earlier}; threads that started in between count from zero. */
    Usage since(ThreadCpu earlier) {
        Map<String, Times> groups = new LinkedHashMap<>();
        for (String g : GROUPS) groups.put(g, Times.ZERO);
        Times named = Times.ZERO;
        Map<String, Double> waits = new LinkedHashMap<>();
        boolean schedstat = false;
        for (Map.Entry<String, Task> e : tasks.entrySet()) {
            Task now = e.getValue();
            Task before = earlier.tasks.get(e.getKey());
            if (now.waitNanos >= 0) {
                schedstat = true;
                long waited = before == null || before.waitNanos < 0 ? now.waitNanos : Math.max(0, now.waitNanos - before.waitNanos);
                waits.merge(now.group, waited / 1e9, Double::sum);
            }
            if (now.group.equals("other")) continue;
            Times used = before == null ? now.times : now.times.minus(before.times);
            groups.merge(now.group, used, Times::plus);
            named = named.plus(used);
        }
        groups.put("other", process.minus(earlier.process).minus(named));
        if (schedstat) for (String g : GROUPS) waits.putIfAbsent(g, 0.0);
        return new Usage(groups, schedstat ? waits : Map.of(), (nanos - earlier.nanos) / 1e9);
    }

    /** The group of a thread by its name as /proc shows it (at most 15 characters). */
    static String group(String comm) {
        if (comm.startsWith("fib-sync")) return "fib-sync";
        if (comm.startsWith("route-engine")) return "route-engine";
        if (comm.startsWith("bgp-session")) return "bgp-session";
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) return "C1/C2";
        if (comm.equals("VM Thread") || comm.startsWith("GC ") || comm.startsWith("G1 ") || comm.startsWith("VM Periodic")
                || comm.startsWith("Service Thread") || comm.startsWith("Monitor Deflati")) return "GC/VM";
        return "other";
    }

    /** Fields of a stat file with the command name (in parentheses, may hold spaces) as field 0; null when gone. */
    private static String[] stat(Path file) {
        try {
            String s = Files.readString(file);
            int open = s.indexOf('(');
            int close = s.lastIndexOf(')');
            String[] rest = s.substring(close + 2).split(" ");
            String[] f = new String[rest.length + 1];
            f[0] = s.substring(open + 1, close);
            System.arraycopy(rest, 0, f, 1, rest.length);
            return f;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Nanoseconds the thread spent runnable on a run queue but not running (schedstat's second field); -1 when unreadable. */
    static long runQueueWait(Path schedstat) {
        try {
            String[] f = Files.readString(schedstat).strip().split("\\s+");
            return f.length >= 2 ? Long.parseLong(f[1]) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime and stime: fields 14 and 15 of stat, i.e. 12 and 13 here (0 = name, 1 = state = field 3). */
    private static Times times(String[] f) {
        return new Times(Long.parseLong(f[12]) / TICKS_PER_SECOND, Long.parseLong(f[13]) / TICKS_PER_SECOND);
    }
}
