package org.jbgpd.bench.e2e;

import org.jbgpd.bench.netlink.CFloorWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The floor the ratios divide by: the netlink package's C writer ({@code nl-route-floor}, see
 * {@link CFloorWriter}): 64 KiB of requests per sendmsg, one acknowledged barrier per buffer,
 * nothing of Java around it. It runs as its own process in the receiver namespace, reads its
 * shuffled prefix file before its clock starts and reports its own wall and CPU seconds.
 * Compiled once per harness run with gcc (scripts/install-test-deps.sh installs it).
 * {@code c-netlink-nh} (ADR 0128) is the same writer with its routes through one kernel nexthop object
 * ({@code --nhid}, RTA_NH_ID) that it creates before its clock starts and deletes after: the floor of
 * jbgpd with kernel.nexthopObjects on. The ratios never divide by it (issue 8's floor is the plain one).
 */
final class CNetlinkFloor implements KernelFloor {
    /** The floor id of the writer through a nexthop object. */
    static final String NEXTHOP_OBJECT_ID = "c-netlink-nh";
    /** Below jbgpd's own object ids (they start at 0x4a420000, ADR 0091), protocol 186 like the routes. */
    static final int OBJECT_ID = 0x4a41_0001;

    private final Path dir;
    private final boolean throughObject;
    private CFloorWriter writer;
    private String compileError;

    CNetlinkFloor(Path dir) {
        this(dir, false);
    }

    CNetlinkFloor(Path dir, boolean throughObject) {
        this.dir = dir;
        this.throughObject = throughObject;
    }

    @Override public String id() { return throughObject ? NEXTHOP_OBJECT_ID : "c-netlink"; }

    @Override public String label() {
        return throughObject
                ? "kernel floor through a nexthop object: the same C writer, every route naming one kernel nexthop object (nl-route-floor --nhid, "
                        + "RTA_NH_ID; object created before and deleted after the timed writes); not the ratios' floor"
                : "kernel floor: C batched netlink writer (nl-route-floor, 64 KiB per sendmsg, one ACK per buffer)";
    }

    @Override
    public Measurement measure(Topology topology, RouteSet routes, int run, PrintSink out) {
        topology.flushReceiverRoutes();
        try {
            CFloorWriter w = writer();
            if (w == null) return fail(routes, run, out, "cannot compile nl-route-floor: " + compileError);
            KernelCounter counter = new KernelCounter(topology.receiverProcNet(), routes.scenario.v6);
            long baseline = counter.count();
            String via = routes.scenario.feederAddress();
            Path add = write(dir.resolve("c-floor-insert.txt"), routes, routes.shuffled(1 + run));
            Path del = write(dir.resolve("c-floor-delete.txt"), routes, routes.shuffled(1_000 + run));
            if (throughObject) {
                Commands.Result made = Commands.run(List.of("ip", "-n", topology.receiverNs, "nexthop", "add", "id", Integer.toUnsignedString(OBJECT_ID),
                        "via", via, "dev", topology.receiverIf, "proto", "186"), 30);
                if (!made.ok()) return fail(routes, run, out, "cannot create nexthop object " + OBJECT_ID + ": " + made.output().strip());
            }
            CFloorWriter.Result in = throughObject
                    ? w.runThroughObject(topology.receiverNs, "insert", add, OBJECT_ID)
                    : w.run(topology.receiverNs, "insert", add, via);
            long installed = counter.count() - baseline;
            CFloorWriter.Result gone = throughObject
                    ? w.runThroughObject(topology.receiverNs, "delete", del, OBJECT_ID)
                    : w.run(topology.receiverNs, "delete", del, via);
            long left = counter.count() - baseline;
            if (installed != routes.size || left != 0 || in.refused() != 0 || gone.refused() != 0) {
                return fail(routes, run, out, "kernel held " + installed + " of " + routes.size + " after insert (" + in.refused()
                        + " refused), " + left + " after delete (" + gone.refused() + " refused)");
            }
            double cpu = in.cpuSeconds() + gone.cpuSeconds();
            out.line(String.format(java.util.Locale.ROOT, "  %-9s %s n=%d run %d: insert %.2f s, delete %.2f s, CPU %.2f s (insert user %.2f + sys %.2f, delete user %.2f + sys %.2f)",
                    id(), routes.scenario.id, routes.size, run, in.seconds(), gone.seconds(), cpu,
                    in.userSeconds(), in.systemSeconds(), gone.userSeconds(), gone.systemSeconds()));
            return new Measurement(id(), routes.scenario, routes.size, run, in.seconds(), gone.seconds(), 0, 0, cpu, Double.NaN, Double.NaN, null);
        } catch (IOException e) {
            return fail(routes, run, out, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(routes, run, out, "interrupted");
        } finally {
            // Deleting the object would take any route still on it; the routes are gone by now, or flushed here.
            if (throughObject) {
                Commands.run(List.of("ip", "-n", topology.receiverNs, "nexthop", "del", "id", Integer.toUnsignedString(OBJECT_ID)), 30);
            }
            topology.flushReceiverRoutes();
        }
    }

    private CFloorWriter writer() throws InterruptedException {
        if (writer == null && compileError == null) {
            try {
                writer = CFloorWriter.compile(dir.resolve("c-floor"));
            } catch (IOException e) {
                compileError = e.getMessage();
            }
        }
        return writer;
    }

    private Measurement fail(RouteSet routes, int run, PrintSink out, String why) {
        out.line("  " + id() + " " + routes.scenario.id + " n=" + routes.size + " run " + run + ": not available: " + why);
        return Measurement.unavailable(id(), routes.scenario, routes.size, run, why);
    }

    private static Path write(Path file, RouteSet routes, int[] order) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i : order) {
                w.write(routes.text(i));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new BenchException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
