package org.jbgpd.bench.netlink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C kernel floor: {@code nl-route-floor.c} (our own, shipped in this jar) compiled with gcc
 * and run as a separate process, so the floor is a batched netlink writer with nothing of Java
 * around it (ADR 0031). Needs gcc and libc6-dev ({@code scripts/install-test-deps.sh}) and root.
 *
 * <pre>
 * CFloorWriter floor = CFloorWriter.compile(workDir);
 * CFloorWriter.Result r = floor.run("jb-nl-bench", "insert", prefixFile, "192.0.2.2");
 * </pre>
 *
 * The prefix file holds one prefix per line in the order to apply them; the program reads it all
 * before its clock starts, so the figure is the kernel writes only.
 */
public final class CFloorWriter {
    private static final String SOURCE = "nl-route-floor.c";
    private static final Pattern RESULT = Pattern.compile(
            "op=(\\w+) routes=(\\d+) refused=(\\d+) seconds=([0-9.]+) cpu=([0-9.]+)(?: user=([0-9.]+) sys=([0-9.]+))?"
                    + "(?: start_mono=([0-9.]+) last_send_mono=([0-9.]+) last_sent_mono=([0-9.]+) end_mono=([0-9.]+))?");

    /** One run: what was written, how many the kernel refused, wall and CPU seconds. */
    /** {@code userSeconds}/{@code systemSeconds}: the program's own work vs the kernel's (NaN from an older binary). */
    /**
     * {@code startMono}, {@code lastSendMono}, {@code lastSentMono}, {@code endMono}: CLOCK_MONOTONIC seconds (System.nanoTime / 1e9
     * on Linux) of the clock's start, the start and the return of the last batch's sendmsg (rtnetlink applies a request inside the
     * sender's sendmsg, so the last route went in between those two) and the end (its ACK read). NaN from an older binary.
     */
    public record Result(String op, int routes, int refused, double seconds, double cpuSeconds, double userSeconds, double systemSeconds,
                         double startMono, double lastSendMono, double lastSentMono, double endMono) {}

    private java.util.function.Consumer<Process> started = p -> { };
    private final Path binary;

    private CFloorWriter(Path binary) {
        this.binary = binary;
    }

    /** The compiled program (for callers that want to run it themselves). */
    public Path binary() { return binary; }

    /**
     * Writes the C source into {@code workDir} and compiles it there with {@code gcc -O2}; a
     * program compiled there earlier from the same source is reused.
     */
    public static CFloorWriter compile(Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path source = workDir.resolve(SOURCE);
        byte[] text;
        try (InputStream in = CFloorWriter.class.getResourceAsStream(SOURCE)) {
            if (in == null) throw new IOException(SOURCE + " is missing from the benchmarks jar");
            text = in.readAllBytes();
        }
        Path binary = workDir.resolve("nl-route-floor");
        // Compiled before from the same source: reuse it (the harness calls this once per run).
        if (Files.isExecutable(binary) && Files.exists(source) && java.util.Arrays.equals(Files.readAllBytes(source), text)) {
            return new CFloorWriter(binary);
        }
        Files.write(source, text);
        String out = exec(List.of("gcc", "-O2", "-Wall", "-o", binary.toString(), source.toString()));
        if (!Files.isExecutable(binary)) throw new IOException("gcc produced no program: " + out);
        return new CFloorWriter(binary);
    }

    /** Tells {@code listener} each writer process as it starts (DatingCheck watches its CPU, ADR 0127); replaces the last one. */
    public CFloorWriter onStart(java.util.function.Consumer<Process> listener) {
        this.started = listener == null ? q -> { } : listener;
        return this;
    }

    /** Inserts (replace) or deletes the prefixes of {@code prefixFile} in namespace {@code netns}, main table, protocol 186, metric 20. */
    public Result run(String netns, String op, Path prefixFile, String via) throws IOException, InterruptedException {
        return run(netns, op, prefixFile, via, 254, 186, 20, 64 << 10);
    }

    public Result run(String netns, String op, Path prefixFile, String via, int table, int protocol, int metric, int batchBytes)
            throws IOException, InterruptedException {
        return run(netns, op, prefixFile, via == null ? List.of() : List.of("--via", via), table, protocol, metric, batchBytes);
    }

    /**
     * The same, but the inserted routes name the existing kernel nexthop object {@code nhid} (RTA_NH_ID, the program's
     * {@code --nhid}) instead of carrying a gateway; main table, protocol 186, metric 20. The caller creates the object first.
     */
    public Result runThroughObject(String netns, String op, Path prefixFile, int nhid) throws IOException, InterruptedException {
        return run(netns, op, prefixFile, List.of("--nhid", Integer.toUnsignedString(nhid)), 254, 186, 20, 64 << 10);
    }

    private Result run(String netns, String op, Path prefixFile, List<String> nextHop, int table, int protocol, int metric, int batchBytes)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString()));
        if (netns != null) cmd.addAll(List.of("--netns", netns));
        cmd.addAll(List.of("--table", Integer.toString(table), "--protocol", Integer.toString(protocol),
                "--metric", Integer.toString(metric), "--batch-bytes", Integer.toString(batchBytes)));
        cmd.addAll(nextHop);
        cmd.add(op);
        cmd.add(prefixFile.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        started.accept(p);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("nl-route-floor did not finish: " + out);
        }
        Matcher m = RESULT.matcher(out);
        if (!m.find()) throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out);
        return new Result(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
                optional(m, 6), optional(m, 7), optional(m, 8), optional(m, 9), optional(m, 10), optional(m, 11));
    }

    private static double optional(Matcher m, int group) {
        return m.group(group) == null ? Double.NaN : Double.parseDouble(m.group(group));
    }

    private static String exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }
}
