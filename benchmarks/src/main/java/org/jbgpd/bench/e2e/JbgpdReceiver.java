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
 */
final class JbgpdReceiver implements BgpReceiver {
    private final Path launcher;
    private final String javaOpts;

    JbgpdReceiver(Path launcher, String javaOpts) {
        this.launcher = launcher;
        this.javaOpts = javaOpts;
    }

    /** The same receiver with a JFR recording into {@code jfr} (ADR 0106): for the profiled extra run only. */
    JbgpdReceiver profiled(Path jfr) {
        String opts = javaOpts == null || javaOpts.isBlank() ? "" : javaOpts + " ";
        return new JbgpdReceiver(launcher, opts + JfrProfile.options(jfr));
    }

    @Override public String id() { return "jbgpd"; }

    @Override public boolean threadProfile() { return true; }

    @Override public String label() {
        return "jbgpd " + Versions.first(List.of(launcher.toString(), "--version"))
                + (javaOpts == null || javaOpts.isBlank() ? "" : " (JBGPD_JAVA_OPTS=" + javaOpts + ")");
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
                kernel: {enabled: true, table: 254, protocol: 186, metric: 20, ecmp: true, keepOnExit: false}
                control: {socket: %s}
                metrics: {enabled: false}
                logging: {level: info}
                """.formatted(Topology.RECEIVER_V4, Topology.RECEIVER_AS, scenario.feederAddress(), Topology.FEEDER_AS,
                scenario.v6 ? "ipv6" : "ipv4", dir.resolve("jbgpd.sock")));
        Path log = dir.resolve("jbgpd.log");
        List<String> command = new ArrayList<>();
        if (javaOpts != null && !javaOpts.isBlank()) command.addAll(List.of("env", "JBGPD_JAVA_OPTS=" + javaOpts));
        command.addAll(List.of(launcher.toString(), "--config", conf.toString()));
        Process p = Commands.start(topology.inReceiver(command), log);
        return new RunningReceiver(List.of(p), log, null);
    }
}
