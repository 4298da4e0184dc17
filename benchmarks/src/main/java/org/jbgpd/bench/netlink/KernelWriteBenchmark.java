package org.jbgpd.bench.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.FibListener;
import org.jbgpd.fib.NextHop;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.fib.NextHopState;
import org.jbgpd.netlink.KernelRouteWriter;
import org.jbgpd.netlink.NetlinkFib;
import org.jbgpd.netlink.KernelTable;
import org.jbgpd.netlink.NetlinkSocket;
import org.jbgpd.netlink.RouteDump;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The "kernel floor": installs and deletes N IPv4 routes (shuffled order) through jbgpd's batched
 * netlink writer in a fresh network namespace, then does the same with {@code ip -batch} in the
 * same run for comparison. Needs root. Not JMH: one insert of a million routes is the measurement,
 * not a loop to average.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     org.jbgpd.bench.netlink.KernelWriteBenchmark [routes=1000000] [rounds=2] [batchKiB=64] [ipBatch=true] [fib=true]
 * </pre>
 *
 * {@code fib=true} also times the same work through {@link NetlinkFib}, the FIB port the engine
 * talks to (one FibBatch of N replaces, then one of N withdraws; next-hop resolution, guard rails
 * and the wanted-state table included), from submit to the applied() barrier.
 *
 * Prefixes are the /28s of 10.0.0.0/8 (1,048,576 of them), installed only inside the benchmark's
 * own namespace, via a gateway on a veth there; nothing leaves the namespace.
 */
public final class KernelWriteBenchmark {
    private KernelWriteBenchmark() {}

    public static void main(String[] args) throws Exception {
        int routes = intArg(args, "routes", 1_000_000);
        int rounds = intArg(args, "rounds", 2);
        int batchKiB = intArg(args, "batchKiB", 64);
        boolean ipBatch = !"false".equals(arg(args, "ipBatch", "true"));
        boolean viaFib = !"false".equals(arg(args, "fib", "true"));
        if (routes > 1 << 20) throw new IllegalArgumentException("at most 1048576 routes (the /28s of 10.0.0.0/8)");

        String ns = "jb-nl-bench-" + ProcessHandle.current().pid();
        run("ip", "netns", "add", ns);
        try {
            run("ip", "-n", ns, "link", "set", "lo", "up");
            run("ip", "-n", ns, "link", "add", "d0", "type", "veth", "peer", "name", "d0p");
            run("ip", "-n", ns, "link", "set", "d0p", "up");
            run("ip", "-n", ns, "link", "set", "d0", "up");
            run("ip", "-n", ns, "addr", "add", "192.0.2.1/24", "dev", "d0");

            int[] order = shuffled(routes, 42);
            int[] deleteOrder = shuffled(routes, 43);
            KernelTable table = KernelTable.defaults();
            IpAddress gateway = IpAddress.parse("192.0.2.2");
            System.out.printf("kernel %s, %d routes, %d KiB per sendmsg, shuffled%n",
                    System.getProperty("os.version"), routes, batchKiB);
            try (NetlinkSocket socket = NetlinkSocket.openRoute(Path.of("/run/netns", ns));
                 KernelRouteWriter writer = new KernelRouteWriter(socket, table, batchKiB << 10);
                 RouteDump dump = new RouteDump(socket)) {
                for (int round = 1; round <= rounds; round++) {
                    long t0 = System.nanoTime();
                    for (int i : order) {
                        writer.beginReplace(Family.IPV4_UNICAST, prefix(i), 0, 28, 1);
                        writer.nextHop(gateway, 0);
                        writer.endReplace();
                    }
                    writer.flush();
                    long t1 = System.nanoTime();
                    int installed = dump.ours(table).size();
                    long t2 = System.nanoTime();
                    System.out.printf("dump of our %d routes: %.2f s%n", installed, secs(t2 - t1));
                    for (int i : deleteOrder) writer.withdraw(Family.IPV4_UNICAST, prefix(i), 0, 28);
                    writer.flush();
                    long t3 = System.nanoTime();
                    int left = dump.ours(table).size();
                    System.out.printf("jbgpd netlink round %d: insert %.2f s, delete %.2f s (installed %d, left %d, refused %d)%n",
                            round, secs(t1 - t0), secs(t3 - t2), installed, left, writer.failuresTotal());
                    if (installed != routes || left != 0 || writer.failuresTotal() != 0) {
                        throw new IllegalStateException("the kernel table does not hold what was written");
                    }
                }
            }
            if (viaFib) {
                runThroughFib(ns, routes, rounds, order, deleteOrder);
            }
            if (ipBatch) {
                Path add = Files.createTempFile("jb-nl-add", ".batch");
                Path del = Files.createTempFile("jb-nl-del", ".batch");
                try {
                    writeBatch(add, order, "route replace %s/28 via 192.0.2.2 proto 186 metric 20");
                    writeBatch(del, deleteOrder, "route del %s/28 proto 186 metric 20");
                    long t0 = System.nanoTime();
                    run("ip", "-n", ns, "-batch", add.toString());
                    long t1 = System.nanoTime();
                    run("ip", "-n", ns, "-batch", del.toString());
                    long t2 = System.nanoTime();
                    System.out.printf("ip -batch: insert %.2f s, delete %.2f s%n", secs(t1 - t0), secs(t2 - t1));
                } finally {
                    Files.deleteIfExists(add);
                    Files.deleteIfExists(del);
                }
            }
        } finally {
            run("ip", "netns", "del", ns);
        }
    }

    private static void runThroughFib(String ns, int routes, int rounds, int[] order, int[] deleteOrder) throws Exception {
        NextHopSet hops = NextHopSet.of(NextHop.of(IpAddress.parse("192.0.2.2")));
        BlockingQueue<long[]> applied = new LinkedBlockingQueue<>();
        try (NetlinkFib fib = NetlinkFib.start(new NetlinkFib.Settings(KernelTable.defaults(), false, Duration.ofMinutes(10), Path.of("/run/netns", ns)))) {
            fib.connect(new FibListener() {
                @Override public void applied(long sequence, int failedRoutes) { applied.add(new long[] {sequence, failedRoutes}); }

                @Override public void nextHopsChanged(List<NextHopState> states) { }
            });
            long seq = 0;
            for (int round = 1; round <= rounds; round++) {
                FibBatch.Builder add = FibBatch.builder(++seq);
                for (int i : order) add.replace(Family.IPV4_UNICAST, prefix(i), 0, 28, hops);
                FibBatch adds = add.build();
                FibBatch.Builder del = FibBatch.builder(++seq);
                for (int i : deleteOrder) del.withdraw(Family.IPV4_UNICAST, prefix(i), 0, 28);
                FibBatch dels = del.build();
                long t0 = System.nanoTime();
                fib.submit(adds);
                long[] a = applied.take();
                long t1 = System.nanoTime();
                fib.submit(dels);
                long[] d = applied.take();
                long t2 = System.nanoTime();
                System.out.printf("jbgpd NetlinkFib round %d: insert %.2f s, delete %.2f s (refused %d + %d)%n",
                        round, secs(t1 - t0), secs(t2 - t1), a[1], d[1]);
            }
        }
    }

    /** The i-th /28 of 10.0.0.0/8, as IpAddress.hi bits. */
    private static long prefix(int i) {
        return (0x0a00_0000L | ((long) i << 4)) & 0xffff_ffffL;
    }

    private static int[] shuffled(int n, long seed) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static void writeBatch(Path file, int[] order, String format) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i : order) {
                long p = prefix(i);
                w.write(String.format(format, (p >>> 24) + "." + ((p >>> 16) & 0xff) + "." + ((p >>> 8) & 0xff) + "." + (p & 0xff)));
                w.newLine();
            }
        }
    }

    private static double secs(long nanos) { return nanos / 1e9; }

    private static String arg(String[] args, String name, String fallback) {
        for (String a : args) if (a.startsWith(name + "=")) return a.substring(name.length() + 1);
        return fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(arg(args, name, Integer.toString(fallback)));
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of(cmd));
        Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
