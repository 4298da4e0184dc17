package org.jbgpd.bench.e2e;

import org.jbgpd.netlink.KernelRouteWriter;
import org.jbgpd.netlink.KernelTable;
import org.jbgpd.netlink.NetlinkException;
import org.jbgpd.netlink.NetlinkSocket;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;

/**
 * The floor measured with jbgpd's own batched writer ({@link KernelRouteWriter}: 64 KiB of
 * requests per sendmsg, no per-route ACK, its allocation-free primitive calls, as the FIB stage
 * uses them), on a socket opened inside the receiver namespace. It runs in the harness's JVM, so
 * its memory is not a daemon's and is not reported; its CPU is the writing thread's user+system
 * time. The prefixes are unpacked into primitive arrays before the clock starts, and
 * a warm-up pass (up to 50,000 of the routes in and out) first lets the JIT compile the writer,
 * so the figure is the kernel's and not the harness JVM's start-up.
 */
final class NetlinkFloor implements KernelFloor {
    @Override public String id() { return "netlink"; }

    @Override public String label() { return "kernel floor: jbgpd KernelRouteWriter (batched netlink)"; }

    @Override
    public Measurement measure(Topology topology, RouteSet routes, int run, PrintSink out) {
        topology.flushReceiverRoutes();
        KernelCounter counter = new KernelCounter(topology.receiverProcNet(), routes.scenario.v6);
        long baseline = counter.count();
        Prefixes insertOrder = Prefixes.of(routes, routes.shuffled(1 + run));
        Prefixes deleteOrder = Prefixes.of(routes, routes.shuffled(1_000 + run));
        IpAddress via = IpAddress.parse(routes.scenario.feederAddress());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (NetlinkSocket socket = NetlinkSocket.openRoute(topology.receiverNsPath());
             KernelRouteWriter writer = new KernelRouteWriter(socket, KernelTable.defaults())) {
            warmUp(writer, insertOrder, via);
            long refusedBefore = writer.failuresTotal();
            long cpu0 = threads.getCurrentThreadCpuTime();
            Instant t0 = Instant.now();
            insertOrder.replace(writer, insertOrder.size(), via);
            Instant t1 = Instant.now();
            long installed = counter.count() - baseline;
            long refusedInstall = writer.failuresTotal() - refusedBefore;
            deleteOrder.withdraw(writer, deleteOrder.size());
            Instant t2 = Instant.now();
            long cpu1 = threads.getCurrentThreadCpuTime();
            long left = counter.count() - baseline;
            long refused = writer.failuresTotal() - refusedBefore;
            if (installed != routes.size || left != 0 || refused != 0) {
                String why = "kernel held " + installed + " of " + routes.size + " after insert (" + refusedInstall
                        + " refused), " + left + " after delete (" + refused + " refused in all)";
                out.line("  netlink " + routes.scenario.id + " n=" + routes.size + " run " + run + ": not available: " + why);
                return Measurement.unavailable(id(), routes.scenario, routes.size, run, why);
            }
            double install = ReceiverRun.seconds(t0, t1);
            double withdraw = ReceiverRun.seconds(t1, t2);
            double cpu = (cpu1 - cpu0) / 1e9;
            out.line(String.format("  %-7s %s n=%d run %d: insert %.2f s, delete %.2f s, CPU %.2f s", id(), routes.scenario.id, routes.size, run, install, withdraw, cpu));
            return new Measurement(id(), routes.scenario, routes.size, run, install, withdraw, 0, 0, cpu, Double.NaN, Double.NaN, null);
        } catch (NetlinkException e) {
            return Measurement.unavailable(id(), routes.scenario, routes.size, run, "netlink: " + e.getMessage());
        } finally {
            topology.flushReceiverRoutes();
        }
    }

    private static void warmUp(KernelRouteWriter writer, Prefixes prefixes, IpAddress via) throws NetlinkException {
        int n = Math.min(prefixes.size(), 50_000);
        prefixes.replace(writer, n, via);
        prefixes.withdraw(writer, n);
        writer.takeFailures();
    }

    /** Prefixes as the writer takes them: address bits and length in parallel arrays. */
    private record Prefixes(Family family, long[] hi, long[] lo, int length) {
        static Prefixes of(RouteSet routes, int[] order) {
            long[] hi = new long[order.length];
            long[] lo = new long[order.length];
            IpPrefix first = routes.prefix(0);
            for (int i = 0; i < order.length; i++) {
                IpAddress a = routes.prefix(order[i]).address();
                hi[i] = a.hi();
                lo[i] = a.lo();
            }
            return new Prefixes(first.family(), hi, lo, first.length());
        }

        int size() { return hi.length; }

        void replace(KernelRouteWriter writer, int n, IpAddress via) throws NetlinkException {
            for (int i = 0; i < n; i++) {
                writer.beginReplace(family, hi[i], lo[i], length, 1);
                writer.nextHop(via, 0);
                writer.endReplace();
            }
            writer.flush();
        }

        void withdraw(KernelRouteWriter writer, int n) throws NetlinkException {
            for (int i = 0; i < n; i++) writer.withdraw(family, hi[i], lo[i], length);
            writer.flush();
        }
    }
}
