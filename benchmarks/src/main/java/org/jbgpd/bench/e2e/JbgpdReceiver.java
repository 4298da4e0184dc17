package org.jbgpd.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * jbgpd as receiver, run through its launcher (bin/jbgpd of the assembly that
 * {@code ./mvnw -DskipTests package} builds) with the launcher's own JVM flags, plus
 * {@code JBGPD_JAVA_OPTS} when the harness is given some. The config is written here: one
 * passive eBGP peer, import all, export none, no graceful restart (so a Cease withdraws at
 * once), kernel routes in table 254 with protocol 186, removed when jbgpd exits.
 * {@code jbgpd-nh} is the same daemon with {@code kernel.nexthopObjects: true} (ADR 0091, 0128): its routes name kernel
 * nexthop objects (RTA_NH_ID); the run checks that they do, and that the withdraw takes the objects too.
 */
final class JbgpdReceiver implements BgpReceiver {
    /** The receiver id of jbgpd with kernel.nexthopObjects on. */
    static final String NEXTHOP_OBJECTS_ID = "jbgpd-nh";

    private final Path launcher;
    private final String javaOpts;
    private final boolean nexthopObjects;

    JbgpdReceiver(Path launcher, String javaOpts) {
        this(launcher, javaOpts, false);
    }

    JbgpdReceiver(Path launcher, String javaOpts, boolean nexthopObjects) {
        this.launcher = launcher;
        this.javaOpts = javaOpts;
        this.nexthopObjects = nexthopObjects;
    }

    /** The same receiver with a JFR recording into {@code jfr} (ADR 0106): for the profiled extra run only. */
    JbgpdReceiver profiled(Path jfr) {
        String opts = javaOpts == null || javaOpts.isBlank() ? "" : javaOpts + " ";
        return new JbgpdReceiver(launcher, opts + JfrProfile.options(jfr), nexthopObjects);
    }

    @Override public String id() { return nexthopObjects ? NEXTHOP_OBJECTS_ID : "jbgpd"; }

    @Override public boolean threadProfile() { return true; }

    @Override public String label() {
        return "jbgpd " + Versions.first(List.of(launcher.toString(), "--version"))
                + (nexthopObjects ? ", kernel.nexthopObjects: true (routes name kernel nexthop objects, RTA_NH_ID)" : "")
                + (javaOpts == null || javaOpts.isBlank() ? "" : " (JBGPD_JAVA_OPTS=" + javaOpts + ")");
    }

    @Override
    public String checkInstalled(Topology topology, RouteSet routes, PrintSink out) {
        return nexthopObjects ? NexthopObjectCheck.installed(topology, routes, out) : null;
    }

    @Override
    public String checkWithdrawn(Topology topology, RouteSet routes, PrintSink out) {
        return nexthopObjects ? NexthopObjectCheck.withdrawn(topology, out) : null;
    }

    @Override public String missing() {
        return Files.isExecutable(launcher) ? null : launcher + " not built (./mvnw -DskipTests package)";
    }

    @Override
    public RunningReceiver start(Topology topology, Scenario scenario, Path dir) {
        Path conf = TextFile.write(dir.resolve("jbgpd.yaml"), """
                # Written by the jbgpd end-to-end benchmark
                routerId: %s
                asNumber: %d
                listen: {enabled: true, address: "::", port: 179}
                peers:
                  - name: feeder
                    address: %s
                    asNumber: %d
                    passive: true
                    families: [%s]
                    gracefulRestart: {enabled: false}
                    importPolicy: all
                    exportPolicy: none
                kernel: {enabled: true, table: 254, protocol: 186, metric: 20, ecmp: true, keepOnExit: false%s}
                control: {socket: %s}
                metrics: {enabled: false}
                logging: {level: info}
                """.formatted(Topology.RECEIVER_V4, Topology.RECEIVER_AS, scenario.feederAddress(), Topology.FEEDER_AS,
                scenario.v6 ? "ipv6" : "ipv4", nexthopObjects ? ", nexthopObjects: true" : "", dir.resolve("jbgpd.sock")));
        Path log = dir.resolve("jbgpd.log");
        List<String> command = new ArrayList<>();
        if (javaOpts != null && !javaOpts.isBlank()) command.addAll(List.of("env", "JBGPD_JAVA_OPTS=" + javaOpts));
        command.addAll(List.of(launcher.toString(), "--config", conf.toString()));
        Process p = Commands.start(topology.inReceiver(command), log);
        return new RunningReceiver(List.of(p), log, null);
    }
}
