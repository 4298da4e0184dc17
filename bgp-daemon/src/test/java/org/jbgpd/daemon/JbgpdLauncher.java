package org.jbgpd.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jbgpd.testsupport.Privileges;

/**
 * The real jbgpd launcher (bgp-daemon/target/jbgpd/bin/jbgpd, built by the package phase) run in a
 * namespace as user nobody with only CAP_NET_ADMIN and CAP_NET_BIND_SERVICE, through setpriv:
 * what the systemd unit's User= and AmbientCapabilities= give it. One PID: ip netns exec, setpriv
 * and the launcher each exec the next, so signals reach the JVM.
 */
final class JbgpdLauncher implements AutoCloseable {

    static final Path LAUNCHER = Path.of("target", "jbgpd", "bin", "jbgpd").toAbsolutePath();
    static final String CAPS = "-all,+net_admin,+net_bind_service";

    private final String namespace;
    private final Path config;
    private final Path log;
    private Process process;

    JbgpdLauncher(String namespace, Path config, Path log) {
        this.namespace = namespace;
        this.config = config;
        this.log = log;
    }

    static void requireLauncher() {
        Privileges.require(Files.isExecutable(LAUNCHER), "jbgpd launcher not built at " + LAUNCHER + " (run ./mvnw verify, not test)");
    }

    JbgpdLauncher start() throws IOException {
        Files.writeString(log, "---- jbgpd start\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder("ip", "netns", "exec", namespace,
                "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                "--inh-caps=" + CAPS, "--ambient-caps=" + CAPS, "--bounding-set=" + CAPS, "--",
                LAUNCHER.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        return this;
    }

    long pid() { return process.pid(); }

    boolean alive() { return process != null && process.isAlive(); }

    /** Waits for the process to end by itself; its exit status, or -1 if it did not within {@code millis}. */
    int awaitExit(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    void signal(String name) { Cmd.run("kill", "-" + name, Long.toString(process.pid())).ok(); }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        org.jbgpd.testsupport.Processes.stop(process);
    }
}
