package org.jbgpd.bench.e2e;

import org.jbgpd.bench.netlink.CFloorWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor the ratios divide by: the netlink package's C writer ({@code nl-route-floor}, see
 * {@link CFloorWriter}): 64 KiB of requests per sendmsg, one acknowledged barrier per buffer,
 * nothing of Java around it. It runs as its own process in the receiver namespace, reads its
 * shuffled prefix file before its clock starts and reports its own wall and CPU seconds.
 * Compiled once per harness run with gcc (scripts/install-test-deps.sh installs it).
 */
final class CNetlinkFloor implements KernelFloor {
    private final Path dir;
    private CFloorWriter writer;
    private String compileError;

    CNetlinkFloor(Path dir) {
        this.dir = dir;
    }

    @Override public String id() { return "c-netlink"; }

    @Override public String label() { return "kernel floor: C batched netlink writer (nl-route-floor, 64 KiB per sendmsg, one ACK per buffer)"; }

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
            CFloorWriter.Result in = w.run(topology.receiverNs, "insert", add, via);
            long installed = counter.count() - baseline;
            CFloorWriter.Result gone = w.run(topology.receiverNs, "delete", del, via);
            long left = counter.count() - baseline;
            if (installed != routes.size || left != 0 || in.refused() != 0 || gone.refused() != 0) {
                return fail(routes, run, out, "kernel held " + installed + " of " + routes.size + " after insert (" + in.refused()
                        + " refused), " + left + " after delete (" + gone.refused() + " refused)");
            }
            double cpu = in.cpuSeconds() + gone.cpuSeconds();
            out.line(String.format("  %-9s %s n=%d run %d: insert %.2f s, delete %.2f s, CPU %.2f s", id(), routes.scenario.id, routes.size, run, in.seconds(), gone.seconds(), cpu));
            return new Measurement(id(), routes.scenario, routes.size, run, in.seconds(), gone.seconds(), 0, 0, cpu, Double.NaN, Double.NaN, null);
        } catch (IOException e) {
            return fail(routes, run, out, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(routes, run, out, "interrupted");
        } finally {
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
