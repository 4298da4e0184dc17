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
 *     org.jbgpd.bench.netlink.KernelWriteBenchmark [routes=1000000] [rounds=2] [batchKiB=64] [ipBatch=true] [fib=true] [c=true] [writer=true]
 * </pre>
 *
 * CPU is printed as user + system seconds of the writing thread (the C writer: of its process).
 * System time is the kernel building routes inside sendmsg, the same work for every writer; user
 * time is the writer's own, which is what jbgpd can cut ({@code writer=false} skips the bare
 * KernelRouteWriter when only the C floor and NetlinkFib are of interest).
 *
 * {@code c=true} runs the C floor ({@link CFloorWriter}: nl-route-floor.c compiled with gcc, the
 * same messages in 64 KiB buffers, one ACK per buffer) on the same prefixes in the same order, in
 * each round before jbgpd's writers, so the ratios come from one run.
 *
 * {@code fib=true} also times the same work through {@link NetlinkFib}, the FIB port the engine
 * talks to (one FibBatch of N replaces, then one of N withdraws; next-hop resolution, guard rails
 * and the wanted-state table included), from submit to the applied() barrier.
 *
 * {@code order} is the order of the inserts and deletes: {@code shuffled} (the default, the
 * kernel's cheap case), {@code ascending} (what a BGP feeder sends), or ascending blocks of
 * {@code block} prefixes (the engine's batch size) each permuted inside: shuffled, in
 * bit-reversed index order, or descending (ADR 0036, 0037).
 *
 * Prefixes are the /28s of 10.0.0.0/8 (1,048,576 of them), installed only inside the benchmark's
 * own namespace, via a gateway on a veth there; nothing leaves the namespace.
 */
public final class KernelWriteBenchmark {
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private KernelWriteBenchmark() {}

    public static void main(String[] args) throws Exception {
        int routes = intArg(args, "routes", 1_000_000);
        int rounds = intArg(args, "rounds", 2);
        int batchKiB = intArg(args, "batchKiB", 64);
        boolean ipBatch = !"false".equals(arg(args, "ipBatch", "true"));
        boolean viaFib = !"false".equals(arg(args, "fib", "true"));
        boolean cFloor = !"false".equals(arg(args, "c", "true"));
        boolean bareWriter = !"false".equals(arg(args, "writer", "true"));
        if (routes > 1 << 20) throw new IllegalArgumentException("at most 1048576 routes (the /28s of 10.0.0.0/8)");

        String ns = "jb-nl-bench-" + ProcessHandle.current().pid();
        run("ip", "netns", "add", ns);
        try {
            run("ip", "-n", ns, "link", "set", "lo", "up");
            run("ip", "-n", ns, "link", "add", "d0", "type", "veth", "peer", "name", "d0p");
            run("ip", "-n", ns, "link", "set", "d0p", "up");
            run("ip", "-n", ns, "link", "set", "d0", "up");
            run("ip", "-n", ns, "addr", "add", "192.0.2.1/24", "dev", "d0");

            String orderName = arg(args, "order", "shuffled");
            int block = intArg(args, "block", 16384);
            int[] order = order(orderName, routes, block, 42);
            int[] deleteOrder = order(orderName, routes, block, 43);
            KernelTable table = KernelTable.defaults();
            IpAddress gateway = IpAddress.parse("192.0.2.2");
            System.out.printf("kernel %s, %d routes, %d KiB per sendmsg, order %s (block %d)%n",
                    System.getProperty("os.version"), routes, batchKiB, orderName, block);
            Path work = Files.createTempDirectory("jb-nl-bench");
            Path addList = work.resolve("insert.txt");
            Path delList = work.resolve("delete.txt");
            writeBatch(addList, order, "%s/28");
            writeBatch(delList, deleteOrder, "%s/28");
            CFloorWriter floor = cFloor ? CFloorWriter.compile(work) : null;
            try (NetlinkSocket socket = NetlinkSocket.openRoute(Path.of("/run/netns", ns));
                 KernelRouteWriter writer = new KernelRouteWriter(socket, table, batchKiB << 10);
                 RouteDump dump = new RouteDump(socket)) {
                // The three writers take turns within each round, so a change in machine load hits all of them alike.
                for (int round = 1; round <= rounds; round++) {
                    if (floor != null) {
                        CFloorWriter.Result in = floor.run(ns, "insert", addList, "192.0.2.2", table.table(), table.protocol(), table.metric(), batchKiB << 10);
                        int installed = dump.countOurs(table);
                        CFloorWriter.Result out = floor.run(ns, "delete", delList, null, table.table(), table.protocol(), table.metric(), batchKiB << 10);
                        int left = dump.countOurs(table);
                        System.out.printf("C floor round %d: insert %.2f s, delete %.2f s (CPU %.2f + %.2f s = user %.2f + %.2f, sys %.2f + %.2f; installed %d, left %d, refused %d)%n",
                                round, in.seconds(), out.seconds(), in.cpuSeconds(), out.cpuSeconds(), in.userSeconds(), out.userSeconds(),
                                in.systemSeconds(), out.systemSeconds(), installed, left, in.refused() + out.refused());
                        check(installed, left, in.refused() + out.refused(), routes);
                    }
                    if (!bareWriter) {
                        if (viaFib) runThroughFib(ns, round, routes, order, deleteOrder, dump, table);
                        continue;
                    }
                    long c0 = THREADS.getCurrentThreadCpuTime(), u0 = THREADS.getCurrentThreadUserTime();
                    long t0 = System.nanoTime();
                    for (int i : order) {
                        writer.beginReplace(Family.IPV4_UNICAST, prefix(i), 0, 28, 1);
                        writer.nextHop(gateway, 0);
                        writer.endReplace();
                    }
                    writer.flush();
                    long t1 = System.nanoTime();
                    long c1 = THREADS.getCurrentThreadCpuTime(), u1 = THREADS.getCurrentThreadUserTime();
                    int installed = dump.countOurs(table);
                    long t2 = System.nanoTime();
                    int asObjects = dump.ours(table).size(); // the same dump with one KernelRoute per route, for comparison
                    long t2b = System.nanoTime();
                    if (asObjects != installed) throw new IllegalStateException("dumps disagree: " + asObjects + " vs " + installed);
                    System.gc(); // the million objects just made must not be collected while the deletes are timed
                    long c2 = THREADS.getCurrentThreadCpuTime(), u2 = THREADS.getCurrentThreadUserTime();
                    long t2d = System.nanoTime();
                    for (int i : deleteOrder) writer.withdraw(Family.IPV4_UNICAST, prefix(i), 0, 28);
                    writer.flush();
                    long t3 = System.nanoTime();
                    long c3 = THREADS.getCurrentThreadCpuTime(), u3 = THREADS.getCurrentThreadUserTime();
                    int left = dump.countOurs(table);
                    System.out.printf("KernelRouteWriter round %d: insert %.2f s, delete %.2f s (CPU %.2f + %.2f s = user %.2f + %.2f, sys %.2f + %.2f; left %d, refused %d)%n",
                            round, secs(t1 - t0), secs(t3 - t2d), secs(c1 - c0), secs(c3 - c2), secs(u1 - u0), secs(u3 - u2),
                            secs(c1 - c0 - (u1 - u0)), secs(c3 - c2 - (u3 - u2)), left, writer.failuresTotal());
                    System.out.printf("RouteDump of %d routes: %.2f s read in place (RouteView), %.2f s as KernelRoute objects%n",
                            installed, secs(t2 - t1), secs(t2b - t2));
                    check(installed, left, (int) writer.failuresTotal(), routes);
                    if (viaFib) runThroughFib(ns, round, routes, order, deleteOrder, dump, table);
                }
            }
            if (ipBatch) {
                Path add = work.resolve("ip-add.batch");
                Path del = work.resolve("ip-del.batch");
                writeBatch(add, order, "route replace %s/28 via 192.0.2.2 proto 186 metric 20");
                writeBatch(del, deleteOrder, "route del %s/28 proto 186 metric 20");
                long t0 = System.nanoTime();
                run("ip", "-n", ns, "-batch", add.toString());
                long t1 = System.nanoTime();
                run("ip", "-n", ns, "-batch", del.toString());
                long t2 = System.nanoTime();
                System.out.printf("ip -batch: insert %.2f s, delete %.2f s%n", secs(t1 - t0), secs(t2 - t1));
            }
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(work);
        } finally {
            run("ip", "netns", "del", ns);
        }
    }

    /**
     * One round through the FIB port, started for this round only: its event socket would
     * otherwise see the other writers' million changes and scan in the middle of their runs.
     */
    private static void runThroughFib(String ns, int round, int routes, int[] order, int[] deleteOrder,
                                      RouteDump dump, KernelTable table) throws Exception {
        BlockingQueue<long[]> applied = new LinkedBlockingQueue<>();
        try (NetlinkFib fib = NetlinkFib.start(new NetlinkFib.Settings(table, false, Duration.ofMinutes(10), Path.of("/run/netns", ns)))) {
            fib.connect(new FibListener() {
                @Override public void applied(long sequence, int failedRoutes) { applied.add(new long[] {sequence, failedRoutes}); }

                @Override public void nextHopsChanged(List<NextHopState> states) { }
            });
            throughFib(fib, applied, round, routes, order, deleteOrder, dump, table);
        }
    }

    private static void throughFib(NetlinkFib fib, BlockingQueue<long[]> applied, int round, int routes, int[] order, int[] deleteOrder,
                                   RouteDump dump, KernelTable table) throws Exception {
        NextHopSet hops = NextHopSet.of(NextHop.of(IpAddress.parse("192.0.2.2")));
        FibBatch.Builder add = FibBatch.builder(2L * round);
        for (int i : order) add.replace(Family.IPV4_UNICAST, prefix(i), 0, 28, hops);
        FibBatch adds = add.build();
        FibBatch.Builder del = FibBatch.builder(2L * round + 1);
        for (int i : deleteOrder) del.withdraw(Family.IPV4_UNICAST, prefix(i), 0, 28);
        FibBatch dels = del.build();
        long fibThread = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("fib-sync")).findFirst().orElseThrow().threadId();
        long c0 = THREADS.getThreadCpuTime(fibThread), u0 = THREADS.getThreadUserTime(fibThread);
        long t0 = System.nanoTime();
        fib.submit(adds);
        long[] a = applied.take();
        long t1 = System.nanoTime();
        long c1 = THREADS.getThreadCpuTime(fibThread), u1 = THREADS.getThreadUserTime(fibThread);
        int installed = dump.countOurs(table);
        long c2 = THREADS.getThreadCpuTime(fibThread), u2 = THREADS.getThreadUserTime(fibThread);
        long t2 = System.nanoTime();
        fib.submit(dels);
        long[] d = applied.take();
        long t3 = System.nanoTime();
        long c3 = THREADS.getThreadCpuTime(fibThread), u3 = THREADS.getThreadUserTime(fibThread);
        int left = dump.countOurs(table);
        System.out.printf("NetlinkFib round %d: insert %.2f s, delete %.2f s (fib-sync CPU %.2f + %.2f s = user %.2f + %.2f, sys %.2f + %.2f; installed %d, left %d, refused %d + %d)%n",
                round, secs(t1 - t0), secs(t3 - t2), secs(c1 - c0), secs(c3 - c2), secs(u1 - u0), secs(u3 - u2),
                secs(c1 - c0 - (u1 - u0)), secs(c3 - c2 - (u3 - u2)), installed, left, a[1], d[1]);
        check(installed, left, (int) (a[1] + d[1]), routes);
    }

    private static void check(int installed, int left, int refused, int routes) {
        if (installed != routes || left != 0 || refused != 0) {
            throw new IllegalStateException("the kernel table does not hold what was written: installed " + installed + ", left " + left + ", refused " + refused);
        }
    }

    /** The i-th /28 of 10.0.0.0/8, as IpAddress.hi bits. */
    private static long prefix(int i) {
        return (0x0a00_0000L | ((long) i << 4)) & 0xffff_ffffL;
    }

    private static int[] order(String name, int n, int block, long seed) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        switch (name) {
            case "shuffled" -> { return shuffled(n, seed); }
            case "ascending" -> { return a; }
            case "block-shuffled", "block-bitrev", "block-descending" -> {
                SplittableRandom r = new SplittableRandom(seed);
                for (int start = 0; start < n; start += block) {
                    int len = Math.min(block, n - start);
                    int[] p = new int[len];
                    if (name.equals("block-shuffled")) {
                        for (int i = 0; i < len; i++) p[i] = i;
                        for (int i = len - 1; i > 0; i--) { int j = r.nextInt(i + 1); int t = p[i]; p[i] = p[j]; p[j] = t; }
                    } else if (name.equals("block-descending")) {
                        for (int i = 0; i < len; i++) p[i] = len - 1 - i;
                    } else {
                        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, len - 1));
                        int k = 0;
                        for (int i = 0; i < 1 << bits && k < len; i++) {
                            int rev = Integer.reverse(i) >>> (32 - bits);
                            if (rev < len) p[k++] = rev;
                        }
                    }
                    for (int i = 0; i < len; i++) a[start + i] = start + p[i];
                }
                return a;
            }
            default -> throw new IllegalArgumentException("order: shuffled, ascending, block-shuffled, block-bitrev or block-descending, not " + name);
        }
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
