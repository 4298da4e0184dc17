package org.jbgpd.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** BIRD 2 as receiver: bgp protocol + kernel protocol exporting everything to the main table. */
final class Bird2Receiver implements BgpReceiver {
    @Override public String id() { return "bird2"; }

    @Override public String label() { return "BIRD " + Versions.bird(BirdFeeder.BIRD2) + " (bgp + kernel)"; }

    @Override public String missing() {
        return Files.isExecutable(BirdFeeder.BIRD2) ? null : BirdFeeder.BIRD2 + " not found (scripts/install-test-deps.sh unpacks it)";
    }

    @Override
    public RunningReceiver start(Topology topology, Scenario scenario, Path dir) {
        String channel = scenario.v6 ? "ipv6" : "ipv4";
        String config = "router id " + Topology.RECEIVER_V4 + ";\n"
                + "log stderr { warning, error, fatal };\n"
                + "protocol device { scan time 60; }\n"
                + "protocol kernel { " + channel + " { import none; export all; }; learn off; scan time 60; }\n"
                + "protocol bgp feeder {\n"
                + "  local " + (scenario.v6 ? Topology.RECEIVER_V6 : Topology.RECEIVER_V4) + " as " + Topology.RECEIVER_AS + ";\n"
                + "  neighbor " + scenario.feederAddress() + " as " + Topology.FEEDER_AS + ";\n"
                + "  passive on;\n"
                + "  " + channel + " { import all; export none; };\n"
                + "}\n";
        Path conf = TextFile.write(dir.resolve("bird2.conf"), config);
        Path log = dir.resolve("bird2.log");
        Process p = Commands.start(topology.inReceiver(List.of(BirdFeeder.BIRD2.toString(), "-f", "-c", conf.toString(),
                "-s", dir.resolve("bird2.ctl").toString(), "-P", dir.resolve("bird2.pid").toString())), log);
        return new RunningReceiver(List.of(p), log, null);
    }
}
