package org.jbgpd.bench.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A second, labelled floor: iproute2's {@code ip -batch}, one request and one ACK per route,
 * which is what a shell script would do. The files are written before the clock starts.
 */
final class IpBatchFloor implements KernelFloor {
    private final Path dir;

    IpBatchFloor(Path dir) {
        this.dir = dir;
    }

    @Override public String id() { return "ip-batch"; }

    @Override public String label() { return "kernel floor: ip -batch (iproute2 " + Versions.first(List.of("ip", "-V")) + ", one ACK per route)"; }

    @Override
    public Measurement measure(Topology topology, RouteSet routes, int run, PrintSink out) {
        topology.flushReceiverRoutes();
        KernelCounter counter = new KernelCounter(topology.receiverProcNet(), routes.scenario.v6);
        long baseline = counter.count();
        String via = routes.scenario.feederAddress();
        Path add = write(dir.resolve("ip-add.batch"), routes, routes.shuffled(1 + run), "route replace %s via " + via + " proto 186 metric 20");
        Path del = write(dir.resolve("ip-del.batch"), routes, routes.shuffled(1_000 + run), "route del %s proto 186 metric 20");
        String family = routes.scenario.v6 ? "-6" : "-4";
        try {
            Instant t0 = Instant.now();
            Commands.Result a = Commands.run(List.of("ip", "-n", topology.receiverNs, family, "-batch", add.toString()), 3600);
            Instant t1 = Instant.now();
            long installed = counter.count() - baseline;
            Commands.Result d = Commands.run(List.of("ip", "-n", topology.receiverNs, family, "-batch", del.toString()), 3600);
            Instant t2 = Instant.now();
            long left = counter.count() - baseline;
            if (!a.ok() || !d.ok() || installed != routes.size || left != 0) {
                String why = "ip -batch: " + installed + " of " + routes.size + " installed, " + left + " left after delete; "
                        + (a.ok() ? "" : a.output().lines().findFirst().orElse("")) + (d.ok() ? "" : d.output().lines().findFirst().orElse(""));
                out.line("  ip-batch " + routes.scenario.id + " n=" + routes.size + " run " + run + ": not available: " + why);
                return Measurement.unavailable(id(), routes.scenario, routes.size, run, why);
            }
            double install = ReceiverRun.seconds(t0, t1);
            double withdraw = ReceiverRun.seconds(t1, t2);
            out.line(String.format("  %-7s %s n=%d run %d: insert %.2f s, delete %.2f s", id(), routes.scenario.id, routes.size, run, install, withdraw));
            return new Measurement(id(), routes.scenario, routes.size, run, install, withdraw, 0, 0, Double.NaN, Double.NaN, Double.NaN, null);
        } finally {
            topology.flushReceiverRoutes();
        }
    }

    private static Path write(Path file, RouteSet routes, int[] order, String format) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            int at = format.indexOf("%s");
            String head = format.substring(0, at);
            String tail = format.substring(at + 2);
            for (int i : order) {
                w.write(head);
                w.write(routes.text(i));
                w.write(tail);
                w.write('\n');
            }
        } catch (IOException e) {
            throw new BenchException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
