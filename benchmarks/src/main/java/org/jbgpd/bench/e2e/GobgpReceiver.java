package org.jbgpd.bench.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GoBGP as receiver. gobgpd installs routes only through zebra (FRR), so alone it fills its RIB
 * and nothing else: its figures count routes in that RIB (`gobgp global rib summary`), and the
 * table says so. Its gRPC API listens on 127.0.0.1 inside the receiver namespace.
 */
final class GobgpReceiver implements BgpReceiver {
    private static final Pattern DESTINATIONS = Pattern.compile("Destination:\\s*(\\d+)");
    private static final String API = "127.0.0.1:50051";

    @Override public String id() { return "gobgp"; }

    @Override public String label() { return "GoBGP " + Versions.first(List.of("gobgpd", "--version")) + " (RIB only)"; }

    @Override public String missing() {
        return Programs.onPath("gobgpd") && Programs.onPath("gobgp") ? null : "gobgpd/gobgp not installed (Debian package gobgpd)";
    }

    @Override public boolean installsInKernel() { return false; }

    @Override
    public RunningReceiver start(Topology topology, Scenario scenario, Path dir) {
        Path conf = TextFile.write(dir.resolve("gobgp.toml"), """
                [global.config]
                  as = %d
                  router-id = "%s"
                [[neighbors]]
                  [neighbors.config]
                    neighbor-address = "%s"
                    peer-as = %d
                  [neighbors.transport.config]
                    passive-mode = true
                  [[neighbors.afi-safis]]
                    [neighbors.afi-safis.config]
                      afi-safi-name = "%s-unicast"
                """.formatted(Topology.RECEIVER_AS, Topology.RECEIVER_V4, scenario.feederAddress(), Topology.FEEDER_AS,
                scenario.v6 ? "ipv6" : "ipv4"));
        Path log = dir.resolve("gobgp.log");
        Process p = Commands.start(topology.inReceiver(List.of("gobgpd", "-f", conf.toString(), "-t", "toml",
                "--api-hosts", API, "-l", "warn", "--pprof-disable")), log);
        String family = scenario.v6 ? "ipv6" : "ipv4";
        RouteCounter rib = new RouteCounter() {
            private long last;

            @Override public long count() {
                Commands.Result r;
                try {
                    r = Commands.run(topology.inReceiver(List.of("gobgp", "-u", "127.0.0.1", "-p", "50051",
                            "global", "rib", "summary", "-a", family)), 60);
                } catch (BenchException e) {
                    // gobgpd did not answer within 60 s: no news; the harness's no-progress rule decides
                    return last;
                }
                Matcher m = DESTINATIONS.matcher(r.output());
                last = r.ok() && m.find() ? Long.parseLong(m.group(1)) : 0;
                return last;
            }

            @Override public String describe() { return "gobgp global rib summary"; }

            // 4 counts a second at most: 0.25 s resolution on installs of tens of seconds.
            @Override public long minPollMillis() { return 250; }
        };
        return new RunningReceiver(List.of(p), log, rib);
    }
}
