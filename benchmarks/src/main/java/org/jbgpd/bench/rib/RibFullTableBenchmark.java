package org.jbgpd.bench.rib;

import org.jbgpd.rib.OutboundSink;
import org.jbgpd.rib.PeerCounts;
import org.jbgpd.rib.RibConfig;
import org.jbgpd.rib.RibPeer;
import org.jbgpd.rib.RouteEngine;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.Update;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Retained heap per route and route changes per second of the route engine with a full table from
 * two route reflectors (issue 4). Not JMH: loading a million routes once is the measurement.
 *
 * <pre>
 * java -Xmx2g -XX:+UseCompactObjectHeaders -cp benchmarks/target/benchmarks.jar \
 *     org.jbgpd.bench.rib.RibFullTableBenchmark [v4=1000000] [v6=200000] [sets=10000] [perUpdate=100] [presize=false]
 * </pre>
 *
 * Steps: reflector 1 sends the table (heap measured), reflector 2 sends the same prefixes (heap
 * measured: the two-reflector case), reflector 1 goes away with a NOTIFICATION (1M best-path
 * changes), comes back and sends the table again. Heap is "used after a full GC" before and after,
 * so the figure is what the RIB retains (primitive arrays, interned attributes), not garbage.
 */
public final class RibFullTableBenchmark {

    private RibFullTableBenchmark() { }

    public static void main(String[] args) throws Exception {
        int v4 = intArg(args, "v4", 1_000_000);
        int v6 = intArg(args, "v6", 200_000);
        int sets = intArg(args, "sets", 10_000);
        int perUpdate = intArg(args, "perUpdate", 100);
        boolean presize = Boolean.parseBoolean(arg(args, "presize", "false"));

        IpAddress rr1 = IpAddress.parse("198.51.100.11");
        IpAddress rr2 = IpAddress.parse("198.51.100.12");
        FullTableFeed feed4 = new FullTableFeed(Family.IPV4_UNICAST, v4, sets, perUpdate);
        FullTableFeed feed6 = new FullTableFeed(Family.IPV6_UNICAST, v6, Math.max(1, sets / 5), perUpdate);
        CountingFib fib = new CountingFib();

        long base = usedAfterGc();
        RouteEngine engine = presize
                ? new RouteEngine(RibConfig.of(IpAddress.parse("198.51.100.250"), 64512, true), fib, OutboundSink.NONE, v4, v6)
                : new RouteEngine(RibConfig.of(IpAddress.parse("198.51.100.250"), 64512, true), fib, OutboundSink.NONE);
        engine.start();
        engine.peerUp(peer("rr1", rr1));
        engine.peerUp(peer("rr2", rr2));
        engine.barrier().get();
        long empty = usedAfterGc();
        System.out.printf("engine empty: %,d bytes (%s)%n", empty - base, presize ? "presized" : "default sizes");

        double s1 = feed(engine, rr1, feed4) + feed(engine, rr1, feed6);
        long one = usedAfterGc();
        report("1 reflector ", v4 + v6, v4 + v6, s1, one - base, fib);

        double s2 = feed(engine, rr2, feed4) + feed(engine, rr2, feed6);
        long two = usedAfterGc();
        report("2 reflectors", v4 + v6, v4 + v6, s2, two - base, fib);
        System.out.printf("  second reflector added %.1f bytes per path%n", (two - one) / (double) (v4 + v6));

        long ops = fib.operations.get();
        long t0 = engineCpuNanos();
        engine.peerDown(rr1, true);
        engine.barrier().get();
        double down = (engineCpuNanos() - t0) / 1e9;
        System.out.printf("reflector 1 down (NOTIFICATION): %,d paths removed, best path changed for all, %.3f CPU s, %,d FIB operations (twin has the same next hops)%n",
                v4 + v6, down, fib.operations.get() - ops);

        engine.peerUp(peer("rr1", rr1));
        double s3 = feed(engine, rr1, feed4) + feed(engine, rr1, feed6);
        System.out.printf("reflector 1 back: %,d routes in %.3f CPU s = %,.0f route changes/s%n", v4 + v6, s3, (v4 + v6) / s3);

        ops = fib.operations.get();
        t0 = engineCpuNanos();
        engine.peerDown(rr1, true);
        engine.peerDown(rr2, true);
        engine.barrier().get();
        double all = (engineCpuNanos() - t0) / 1e9;
        System.out.printf("both reflectors down: %,d kernel withdrawals in %.3f CPU s%n", fib.operations.get() - ops, all);
        for (PeerCounts c : engine.peerCounts()) System.out.println("  " + c);
        engine.close();
    }

    private static RibPeer peer(String name, IpAddress a) {
        return new RibPeer(name, a, IpAddress.parse("198.51.100.250"), 64512, 64512, a,
                Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), Set.of(), null, null, null, 0);
    }

    /**
     * Sends the feed in chunks of 1000 UPDATEs and waits for the engine; returns the CPU seconds
     * the engine thread spent (wall time is printed too: on a shared machine it says little).
     */
    private static double feed(RouteEngine engine, IpAddress peer, FullTableFeed feed) throws Exception {
        int rr = peer.toString().endsWith("11") ? 1 : 2;
        long cpu0 = engineCpuNanos();
        long alloc0 = EngineCpu.allocatedBytes();
        long t0 = System.nanoTime();
        for (int u = 0; u < feed.updateCount(); u += 1000) {
            List<Update> chunk = feed.chunk(rr, u, Math.min(feed.updateCount(), u + 1000));
            engine.updates(peer, chunk);
            while (engine.backlog() > 8) Thread.onSpinWait(); // back-pressure, as a session would stop reading
        }
        engine.barrier().get(10, TimeUnit.MINUTES);
        double cpu = (engineCpuNanos() - cpu0) / 1e9;
        long alloc = EngineCpu.allocatedBytes() - alloc0;
        System.out.printf("  (%s %s: wall %.3f s, engine thread CPU %.3f s, engine thread allocated %,d bytes = %.1f per prefix)%n",
                peer, feed, (System.nanoTime() - t0) / 1e9, cpu, alloc, alloc / (double) feed.prefixCount());
        return cpu;
    }

    private static long engineCpuNanos() { return EngineCpu.nanos(); }

    private static void report(String what, long prefixes, long paths, double seconds, long bytes, CountingFib fib) {
        System.out.printf("%s: %,d prefixes in %.3f CPU s = %,.0f route changes/s; retained heap %,d bytes = %.1f bytes per prefix; FIB operations so far %,d%n",
                what, paths, seconds, paths / seconds, bytes, bytes / (double) prefixes, fib.operations.get());
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static String arg(String[] args, String name, String dflt) {
        for (String a : args) if (a.startsWith(name + "=")) return a.substring(name.length() + 1);
        return dflt;
    }

    private static int intArg(String[] args, String name, int dflt) { return Integer.parseInt(arg(args, name, String.valueOf(dflt))); }
}
