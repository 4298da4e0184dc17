package org.jbgpd.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * FRR as receiver: zebra (kernel routes) and bgpd, started by hand inside the receiver namespace
 * with their own pid files, vty directory and zserv socket in the run's directory (handed to the
 * frr user, which they drop to, as a packaged FRR does), with no vty TCP port, so they touch
 * nothing of a system FRR. zebra gets a 90 MB netlink receive
 * buffer (-s), as FRR's own docs advise for full tables.
 */
final class FrrReceiver implements BgpReceiver {
    static final Path ZEBRA = Path.of("/usr/lib/frr/zebra");
    static final Path BGPD = Path.of("/usr/lib/frr/bgpd");

    @Override public String id() { return "frr"; }

    @Override public String label() { return "FRR " + Versions.first(List.of(BGPD.toString(), "--version")) + " (bgpd + zebra)"; }

    @Override public String missing() {
        return Files.isExecutable(ZEBRA) && Files.isExecutable(BGPD) ? null : "FRR not installed (Debian package frr)";
    }

    @Override
    public RunningReceiver start(Topology topology, Scenario scenario, Path dir) {
        String feeder = scenario.feederAddress();
        Path zebraConf = TextFile.write(dir.resolve("zebra.conf"), "hostname jb-bn-zebra\n");
        Path bgpdConf = TextFile.write(dir.resolve("bgpd.conf"), "hostname jb-bn-bgpd\n"
                + "router bgp " + Topology.RECEIVER_AS + "\n"
                + " bgp router-id " + Topology.RECEIVER_V4 + "\n"
                + " no bgp ebgp-requires-policy\n"
                + " no bgp default ipv4-unicast\n"
                + " neighbor " + feeder + " remote-as " + Topology.FEEDER_AS + "\n"
                + " neighbor " + feeder + " passive\n"
                + " address-family " + (scenario.v6 ? "ipv6" : "ipv4") + " unicast\n"
                + "  neighbor " + feeder + " activate\n"
                + " exit-address-family\n");
        RunDirectory.giveTo(dir, "frr");
        Path zserv = dir.resolve("zserv.api");
        Path log = dir.resolve("frr.log");
        List<String> common = List.of("--vty_socket", dir.toString(), "-z", zserv.toString(), "-u", "frr", "-g", "frr", "-P", "0",
                "--log", "stdout", "--log-level", "warn");
        List<String> zebra = new java.util.ArrayList<>(List.of(ZEBRA.toString(), "-f", zebraConf.toString(), "-i", dir.resolve("zebra.pid").toString(), "-s", "90000000"));
        zebra.addAll(common);
        Process z = Commands.start(topology.inReceiver(zebra), log);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(zserv) && z.isAlive() && System.nanoTime() < deadline) Sleep.millis(20);
        List<String> bgpd = new java.util.ArrayList<>(List.of(BGPD.toString(), "-f", bgpdConf.toString(), "-i", dir.resolve("bgpd.pid").toString()));
        bgpd.addAll(common);
        Process b = Commands.start(topology.inReceiver(bgpd), log);
        return new RunningReceiver(List.of(z, b), log, null);
    }
}
