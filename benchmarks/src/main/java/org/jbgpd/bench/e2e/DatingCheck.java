package org.jbgpd.bench.e2e;

import org.jbgpd.bench.netlink.CFloorWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Ground truth for the IPv4 finish dating (ADR 0098, plateau addendum): the C floor writer is the
 * "receiver", counted through the same {@link Ipv4InstallWait} as every e2e receiver, and the
 * harness-dated finish is compared with the writer's own CLOCK_MONOTONIC moments (the last route
 * went in between its last send and its last ACK). A second case stalls the writer before its last
 * {@code --last} routes (two writer processes, {@code --stall-ms} apart), as a receiver that waits for
 * the feeder's last UPDATE: that finish must not be dated before the second writer's send.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.jbgpd.bench.e2e.DatingCheck --sizes 100000,1000000 --runs 3 --name-prefix jb-bh-
 * </pre>
 * {@code --trace-dir}: every poll and read of each run, with the writer's moments, for replaying in tests.
 * Needs root; makes one namespace {@code PREFIXdc} with a veth pair and removes it at the end.
 */
public final class DatingCheck {
    private static final String VIA = "192.0.2.2";

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(100_000, 1_000_000);
        int runs = 3;
        int last = 64;
        long stallMillis = 300;
        String prefix = "jb-bh-";
        Path traceDir = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--sizes" -> sizes = java.util.Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).toList();
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--last" -> last = Integer.parseInt(args[i + 1]);
                case "--stall-ms" -> stallMillis = Long.parseLong(args[i + 1]);
                case "--name-prefix" -> prefix = args[i + 1];
                case "--trace-dir" -> traceDir = Files.createDirectories(Path.of(args[i + 1]));
                default -> {
                    System.err.println("usage: DatingCheck [--sizes N,...] [--runs R] [--last K] [--stall-ms MS] [--name-prefix P] [--trace-dir DIR]");
                    System.exit(2);
                }
            }
        }
        Path work = Files.createTempDirectory(prefix + "dc-");
        String ns = prefix + "dc";
        Process anchor = null;
        try {
            Commands.check("ip", "netns", "add", ns);
            // A veth pair inside the namespace (this kernel has no dummy links); the routes go via its far end.
            Commands.check("ip", "-n", ns, "link", "add", prefix + "d0", "type", "veth", "peer", "name", prefix + "d1");
            Commands.check("ip", "-n", ns, "link", "set", prefix + "d1", "up");
            Commands.check("ip", "-n", ns, "addr", "add", "192.0.2.1/24", "dev", prefix + "d0");
            Commands.check("ip", "-n", ns, "link", "set", prefix + "d0", "up");
            anchor = Commands.start(List.of("ip", "netns", "exec", ns, "sleep", "infinity"), work.resolve("anchor.log"));
            Path procNet = awaitAnchor(anchor);
            CFloorWriter writer = CFloorWriter.compile(work.resolve("c-floor"));
            SlabGeometry g = SlabGeometry.read(SlabGeometry.IP_FIB_ALIAS);
            System.out.println("ip_fib_alias: " + g + ", slack " + (g == null ? "n/a" : g.slackObjects() + " objects") + "; load " + Load.now());
            for (int n : sizes) {
                RouteSet routes = new RouteSet(Scenario.UNIFORM_V4, n);
                for (int run = 1; run <= runs; run++) {
                    for (boolean stall : List.of(false, true)) {
                        check(writer, ns, procNet, routes, run, stall ? last : 0, stallMillis, work, traceDir);
                    }
                }
            }
            System.out.println("load " + Load.now());
        } finally {
            if (anchor != null) anchor.destroyForcibly();
            Commands.run(List.of("ip", "netns", "del", ns), 30);
        }
    }

    private static void check(CFloorWriter writer, String ns, Path procNet, RouteSet routes, int run, int last, long stallMillis, Path work, Path traceDir)
            throws Exception {
        KernelCounter counter = new KernelCounter(procNet, false);
        long baseline = counter.count();
        int[] order = routes.shuffled(1 + run);
        Path first = write(work.resolve("first.txt"), routes, order, 0, order.length - last);
        Path rest = last == 0 ? null : write(work.resolve("rest.txt"), routes, order, order.length - last, order.length);
        StringBuilder trace = new StringBuilder();
        // As ReceiverRun: near the target no walk while the writer still works (ADR 0127), here the C writer's own threads.
        java.util.concurrent.atomic.AtomicReference<Process> current = new java.util.concurrent.atomic.AtomicReference<>();
        writer.onStart(current::set);
        Ipv4InstallWait wait = Ipv4InstallWait.kernel(counter).tracing(trace).watchingReceiver(ReceiverCpuClock.ofCurrent(current::get));
        CompletableFuture<CFloorWriter.Result> done = new CompletableFuture<>();
        Thread writing = Thread.ofPlatform().start(() -> {
            try {
                CFloorWriter.Result a = writer.run(ns, "insert", first, VIA);
                if (rest == null) {
                    done.complete(a);
                    return;
                }
                Thread.sleep(stallMillis);
                done.complete(writer.run(ns, "insert", rest, VIA));
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        // As ReceiverRun: the wait starts once the first route is in (FirstRoute), with a cheap walk of a small trie.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (counter.count() == baseline && System.nanoTime() < deadline && !done.isCompletedExceptionally()) Sleep.millis(1);
        var threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        Ipv4InstallWait.Result r = wait.await(baseline + routes.size, routes.size, (now, count) -> {
            if (done.isCompletedExceptionally()) return "writer failed: " + done.exceptionNow();
            return now - started > 300_000_000_000L ? "no finish in 300 s" : null;
        });
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        writing.join();
        CFloorWriter.Result w = done.get();
        // The writer deletes what it wrote (ip route flush gives up on a million routes).
        writer.run(ns, "delete", first, null);
        if (rest != null) writer.run(ns, "delete", rest, null);
        String what = String.format(Locale.ROOT, "n=%d run %d %s", routes.size, run, last == 0 ? "straight" : "stall " + stallMillis + " ms before the last " + last);
        if (r.finish() == null) {
            System.out.println(what + ": not dated: " + r.stopped());
            return;
        }
        PlateauDating.Finish f = r.finish();
        if (traceDir != null) {
            trace.append("# target ").append(baseline + routes.size).append(" routes ").append(routes.size).append('\n');
            trace.append("writer ").append(Math.round(w.lastSendMono() * 1e9)).append(' ').append(Math.round(w.lastSentMono() * 1e9)).append('\n');
            TextFile.write(traceDir.resolve("dating-" + routes.size + "-" + run + (last == 0 ? "" : "-stall") + ".txt"), trace.toString());
        }
        double send = w.lastSendMono() * 1e3;
        double sent = w.lastSentMono() * 1e3;
        double dated = f.nanos() / 1e6;
        double plateau = f.plateauNanos() == Long.MIN_VALUE ? Double.NaN : f.plateauNanos() / 1e6;
        System.out.println(String.format(Locale.ROOT,
                "%s: writer %.3f s, its last sendmsg %.1f ms; dated by %s %+.2f ms from that sendmsg's return (never early if >= 0), "
                        + "late bound %.1f ms; the plateau's first poll %+.2f ms from it (%+.2f from the sendmsg's start); "
                        + "exact reads %d (confirming %d), slab polls %d (%d waiting for the writer to rest), wait CPU %.1f ms, load %s",
                what, w.seconds(), sent - send, f.method().label, dated - sent, f.lateNanos() / 1e6, plateau - sent, plateau - send,
                r.exactReads(), r.confirmReads(), r.slabPolls(), r.deferredPolls(), cpu / 1e6, Load.now()));
    }

    private static Path awaitAnchor(Process anchor) {
        Path mine = Path.of("/proc/self/ns/net");
        Path theirs = Path.of("/proc", Long.toString(anchor.pid()), "ns", "net");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (!Files.readSymbolicLink(theirs).equals(Files.readSymbolicLink(mine))) return Path.of("/proc", Long.toString(anchor.pid()), "net");
            } catch (IOException ignored) {
                // not there yet
            }
            Sleep.millis(10);
        }
        throw new BenchException("the anchor did not enter its namespace");
    }

    private static Path write(Path file, RouteSet routes, int[] order, int from, int to) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = from; i < to; i++) {
                w.write(routes.text(order[i]));
                w.write('\n');
            }
        }
        return file;
    }

    private DatingCheck() {}
}
