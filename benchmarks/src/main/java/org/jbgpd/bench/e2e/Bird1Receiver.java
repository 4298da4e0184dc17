package org.jbgpd.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** BIRD 1.6 (the system bird, bird6 for IPv6): bgp protocol + kernel protocol. */
final class Bird1Receiver implements BgpReceiver {
    static final Path BIRD = Path.of("/usr/sbin/bird");
    static final Path BIRD6 = Path.of("/usr/sbin/bird6");

    @Override public String id() { return "bird1"; }

    @Override public String label() { return "BIRD " + Versions.bird(BIRD) + " (bgp + kernel)"; }

    @Override public String missing() {
        return Files.isExecutable(BIRD) && Files.isExecutable(BIRD6) ? null : "/usr/sbin/bird or bird6 not found (Debian package bird)";
    }

    @Override
    public RunningReceiver start(Topology topology, Scenario scenario, Path dir) {
        String config = "router id " + Topology.RECEIVER_V4 + ";\n"
                + "log stderr { warning, error, fatal };\n"
                + "protocol device { scan time 60; }\n"
                + "protocol kernel { import none; export all; learn off; scan time 60; }\n"
                + "protocol bgp feeder {\n"
                + "  local " + (scenario.v6 ? Topology.RECEIVER_V6 : Topology.RECEIVER_V4) + " as " + Topology.RECEIVER_AS + ";\n"
                + "  neighbor " + scenario.feederAddress() + " as " + Topology.FEEDER_AS + ";\n"
                + "  passive on;\n"
                + "  import all;\n"
                + "  export none;\n"
                + "}\n";
        Path conf = TextFile.write(dir.resolve("bird1.conf"), config);
        Path log = dir.resolve("bird1.log");
        Path program = scenario.v6 ? BIRD6 : BIRD;
        Process p = Commands.start(topology.inReceiver(List.of(program.toString(), "-f", "-c", conf.toString(),
                "-s", dir.resolve("bird1.ctl").toString(), "-P", dir.resolve("bird1.pid").toString())), log);
        return new RunningReceiver(List.of(p), log, null);
    }
}
