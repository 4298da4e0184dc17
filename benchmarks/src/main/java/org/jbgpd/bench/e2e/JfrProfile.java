package org.jbgpd.bench.e2e;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JFR recording of jbgpd (ADR 0106) and sums it up per phase of the run (install: Established
 * to all N in the kernel; withdraw: disable to none left), so start-up and idle time do not dilute it:
 * per thread group (the groups of {@link ThreadCpu}) the hottest methods by self samples and the
 * hottest stacks cut to their top frames; allocation by class (the sampled events' weights, i.e. the
 * JVM's estimate of the bytes); GC pauses. CPU samples are {@code jdk.CPUTimeSample} (one per 10 ms of
 * a thread's CPU, user and kernel alike, so fib-sync's time in sendmsg counts) when the recording has
 * them, else {@code jdk.ExecutionSample} (Java code only, every 20 ms of wall time while running Java).
 */
final class JfrProfile {
    /** The JVM options that record what this class reads: JFR's default settings (under 1% overhead) plus CPU-time sampling. */
    static String options(Path file) {
        return "-XX:StartFlightRecording:filename=" + file + ",settings=default,dumponexit=true"
                + ",jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=10ms";
    }

    /** A named span of the run. */
    record Window(String name, Instant from, Instant to) {
        boolean contains(Instant t) {
            return !t.isBefore(from) && !t.isAfter(to);
        }
    }

    private static final int TOP_METHODS = 8;
    private static final int TOP_STACKS = 5;
    private static final int STACK_DEPTH = 4;
    private static final int TOP_CLASSES = 10;

    /** What one window holds. */
    private static final class Phase {
        final Window window;
        final Map<String, Group> groups = new LinkedHashMap<>();
        final Map<String, long[]> allocationByClass = new HashMap<>();
        final Map<String, long[]> allocationByGroup = new HashMap<>();
        long lostSamples;
        int gcs;
        Duration gcPauses = Duration.ZERO;
        Duration longestPause = Duration.ZERO;
        final Map<String, Integer> gcByName = new LinkedHashMap<>();

        Phase(Window window) {
            this.window = window;
            for (String g : ThreadCpu.GROUPS) groups.put(g, new Group());
        }

        int samples() {
            return groups.values().stream().mapToInt(g -> g.samples).sum();
        }
    }

    private static final class Group {
        int samples;
        final Map<String, Integer> self = new HashMap<>();
        final Map<String, Integer> stacks = new HashMap<>();
    }

    private final List<Phase> phases = new ArrayList<>();
    private final String sampleEvent;

    private JfrProfile(List<Window> windows, String sampleEvent) {
        for (Window w : windows) phases.add(new Phase(w));
        this.sampleEvent = sampleEvent;
    }

    /** Reads {@code file} once to learn which sample event it has, then again to sum up each window. */
    static JfrProfile read(Path file, List<Window> windows) throws IOException {
        boolean cpuTime = false;
        try (RecordingFile f = new RecordingFile(file)) {
            while (f.hasMoreEvents() && !cpuTime) cpuTime = f.readEvent().getEventType().getName().equals("jdk.CPUTimeSample");
        }
        JfrProfile p = new JfrProfile(windows, cpuTime ? "jdk.CPUTimeSample" : "jdk.ExecutionSample");
        try (RecordingFile f = new RecordingFile(file)) {
            while (f.hasMoreEvents()) p.add(f.readEvent());
        }
        return p;
    }

    private void add(RecordedEvent e) {
        String type = e.getEventType().getName();
        for (Phase phase : phases) {
            if (!phase.window.contains(e.getStartTime())) continue;
            if (type.equals(sampleEvent)) {
                // ExecutionSample names the sampled thread; CPUTimeSample records it as the event's thread.
                Group g = phase.groups.get(group(e.hasField("sampledThread") ? e.getThread("sampledThread") : e.getThread("eventThread")));
                g.samples++;
                List<String> frames = collapse(frames(e.getStackTrace()));
                String top = frames.isEmpty() ? "(no Java stack: the stack walk failed)" : frames.getFirst();
                g.self.merge(top, 1, Integer::sum);
                g.stacks.merge(String.join(" <- ", frames.subList(0, Math.min(STACK_DEPTH, frames.size()))), 1, Integer::sum);
            } else if (type.equals("jdk.CPUTimeSamplesLost")) {
                phase.lostSamples += e.getLong("lostSamples");
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = e.getLong("weight");
                String cls = e.getClass("objectClass") == null ? "?" : e.getClass("objectClass").getName();
                phase.allocationByClass.computeIfAbsent(cls, k -> new long[2])[0] += weight;
                phase.allocationByClass.get(cls)[1]++;
                phase.allocationByGroup.computeIfAbsent(group(e.getThread("eventThread")), k -> new long[1])[0] += weight;
            } else if (type.equals("jdk.GarbageCollection")) {
                phase.gcs++;
                Duration pauses = e.getDuration("sumOfPauses");
                phase.gcPauses = phase.gcPauses.plus(pauses);
                if (e.getDuration("longestPause").compareTo(phase.longestPause) > 0) phase.longestPause = e.getDuration("longestPause");
                phase.gcByName.merge(e.getString("name"), 1, Integer::sum);
            }
        }
    }

    private static String group(RecordedThread t) {
        if (t == null) return "other";
        String name = t.getJavaName() != null ? t.getJavaName() : t.getOSName();
        return name == null ? "other" : ThreadCpu.group(name);
    }

    private static List<RecordedFrame> frames(RecordedStackTrace trace) {
        if (trace == null) return List.of();
        List<RecordedFrame> list = new ArrayList<>();
        for (RecordedFrame f : trace.getFrames()) if (f.isJavaFrame() || f.getMethod() != null) list.add(f);
        return list;
    }

    private static final String NATIVE = "[native: FFM downcall, kernel time included]";
    private static final String HANDLE = "[method-handle adapters]";

    /**
     * The frames as names, with each run of the JDK's method-handle plumbing (java.lang.invoke, and
     * jdk.internal.foreign's downcall stubs) folded into one pseudo-frame: a sample in a netlink
     * sendmsg then reads "[native ...] <- org.jbgpd.netlink...send" instead of a hidden lambda-form
     * class whose address changes from run to run.
     */
    static List<String> collapse(List<RecordedFrame> frames) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < frames.size()) {
            String name = method(frames.get(i));
            if (!plumbing(name)) {
                names.add(name);
                i++;
                continue;
            }
            boolean downcall = false;
            while (i < frames.size() && plumbing(method(frames.get(i)))) {
                downcall |= method(frames.get(i)).startsWith("jdk.internal.foreign.");
                i++;
            }
            // A downcall at the top of the stack is the thread in native code; deeper it is only the route a call took.
            names.add(downcall && names.isEmpty() ? NATIVE : HANDLE);
        }
        return names;
    }

    private static boolean plumbing(String method) {
        return method.startsWith("java.lang.invoke.") || method.startsWith("jdk.internal.foreign.abi.");
    }

    /** Class and method, without the address suffix of hidden classes (lambda forms), so their samples add up. */
    static String method(RecordedFrame f) {
        if (f.getMethod() == null) return "?";
        String type = f.getMethod().getType().getName().replaceAll("[/.]0x[0-9a-f]+", "");
        return type + "." + f.getMethod().getName();
    }

    /** The readable summary: {@code header} lines, then per window the samples per group, allocation and GC. */
    String render(String header) {
        StringBuilder b = new StringBuilder(header);
        b.append("CPU samples: ").append(sampleEvent).append(sampleEvent.equals("jdk.CPUTimeSample")
                ? " (one per 10 ms of a thread's CPU, user + kernel; a native call such as sendmsg shows as the Java frame that made it)"
                : " (Java code only; time in native code or the kernel is not sampled)").append(".\n");
        b.append("Self = the method on top of the stack; stacks are cut to their top ").append(STACK_DEPTH).append(" frames (callee <- caller).\n");
        for (Phase p : phases) {
            b.append("\n== ").append(p.window.name()).append(": ").append(fmt("%.2f", seconds(p.window))).append(" s, ")
                    .append(p.samples()).append(" samples");
            if (p.lostSamples > 0) b.append(" (").append(p.lostSamples).append(" more lost by JFR)");
            b.append(" ==\n");
            for (Map.Entry<String, Group> ge : p.groups.entrySet()) {
                Group g = ge.getValue();
                if (g.samples == 0) continue;
                b.append("\n").append(ge.getKey()).append(": ").append(g.samples).append(" samples (")
                        .append(fmt("%.0f", 100.0 * g.samples / p.samples())).append("% of all)\n");
                b.append("  self:\n");
                for (Map.Entry<String, Integer> m : top(g.self, TOP_METHODS)) line(b, m, g.samples);
                b.append("  stacks:\n");
                for (Map.Entry<String, Integer> m : top(g.stacks, TOP_STACKS)) line(b, m, g.samples);
            }
            long allocated = p.allocationByClass.values().stream().mapToLong(v -> v[0]).sum();
            b.append("\nallocation (sampled, JFR's estimate): ").append(mib(allocated)).append(" MiB");
            if (!p.allocationByGroup.isEmpty()) {
                b.append(" (");
                boolean firstGroup = true;
                for (String g : ThreadCpu.GROUPS) {
                    long[] v = p.allocationByGroup.get(g);
                    if (v == null) continue;
                    b.append(firstGroup ? "" : ", ").append(g).append(' ').append(mib(v[0]));
                    firstGroup = false;
                }
                b.append(')');
            }
            b.append('\n');
            List<Map.Entry<String, long[]>> classes = new ArrayList<>(p.allocationByClass.entrySet());
            classes.sort((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]));
            for (Map.Entry<String, long[]> c : classes.subList(0, Math.min(TOP_CLASSES, classes.size()))) {
                b.append(String.format(Locale.ROOT, "  %8s MiB %5.1f%%  %s%n", mib(c.getValue()[0]),
                        allocated > 0 ? 100.0 * c.getValue()[0] / allocated : 0, c.getKey()));
            }
            b.append("GC: ").append(p.gcs).append(" collections ").append(p.gcByName).append(", pauses ")
                    .append(fmt("%.1f", p.gcPauses.toNanos() / 1e6)).append(" ms in total, longest ")
                    .append(fmt("%.1f", p.longestPause.toNanos() / 1e6)).append(" ms\n");
        }
        return b.toString();
    }

    /** A few lines to quote: per window and busy group, its top self methods. */
    String keyLines() {
        StringBuilder b = new StringBuilder();
        for (Phase p : phases) {
            for (Map.Entry<String, Group> ge : p.groups.entrySet()) {
                Group g = ge.getValue();
                if (g.samples == 0 || g.samples * 20 < p.samples()) continue;
                b.append(p.window.name()).append(' ').append(ge.getKey()).append(" (").append(g.samples).append(" samples): ");
                List<Map.Entry<String, Integer>> top = top(g.self, 3);
                for (int i = 0; i < top.size(); i++) {
                    b.append(i == 0 ? "" : ", ").append(shortName(top.get(i).getKey())).append(' ')
                            .append(fmt("%.0f", 100.0 * top.get(i).getValue() / g.samples)).append('%');
                }
                b.append('\n');
            }
            b.append(p.window.name()).append(" GC: ").append(p.gcs).append(" collections, pauses ")
                    .append(fmt("%.0f", p.gcPauses.toNanos() / 1e6)).append(" ms in total, longest ")
                    .append(fmt("%.0f", p.longestPause.toNanos() / 1e6)).append(" ms\n");
        }
        return b.toString();
    }

    /** The sample count of a group in a window (for tests and the summary). */
    int samples(String window, String group) {
        for (Phase p : phases) if (p.window.name().equals(window)) return p.groups.get(group).samples;
        return 0;
    }

    private static String shortName(String method) {
        int lastDot = method.lastIndexOf('.');
        int classDot = lastDot > 0 ? method.lastIndexOf('.', lastDot - 1) : -1;
        return classDot >= 0 ? method.substring(classDot + 1) : method;
    }

    private static List<Map.Entry<String, Integer>> top(Map<String, Integer> counts, int n) {
        List<Map.Entry<String, Integer>> list = new ArrayList<>(counts.entrySet());
        list.sort((x, y) -> y.getValue() != x.getValue().intValue() ? Integer.compare(y.getValue(), x.getValue()) : x.getKey().compareTo(y.getKey()));
        return list.subList(0, Math.min(n, list.size()));
    }

    private static void line(StringBuilder b, Map.Entry<String, Integer> m, int of) {
        b.append(String.format(Locale.ROOT, "    %5d %5.1f%%  %s%n", m.getValue(), 100.0 * m.getValue() / of, m.getKey()));
    }

    private static double seconds(Window w) {
        return Duration.between(w.from(), w.to()).toNanos() / 1e9;
    }

    private static String mib(long bytes) {
        return fmt("%.1f", bytes / 1048576.0);
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
