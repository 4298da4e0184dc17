package org.jbgpd.lab;

import org.jbgpd.testsupport.Privileges;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real jbgpd, started by its launcher (bgp-daemon/target/jbgpd/bin/jbgpd, built by the
 * package phase) inside the lab's gateway namespace. Its output goes to a log file the tests read.
 */
final class JbgpdProcess implements AutoCloseable {
    private static final String START_MARK = "---- jbgpd start\n";
    private final Path launcher;
    private final String namespace;
    private final Path config;
    private final Path log;
    private Process process;

    JbgpdProcess(String namespace, Path config, Path log) {
        this.launcher = binDir().resolve("jbgpd");
        this.namespace = namespace;
        this.config = config;
        this.log = log;
    }

    /** The launchers the package phase builds; -Djbgpd.lab.bin=DIR points elsewhere (an installed jbgpd). */
    static Path binDir() {
        String override = System.getProperty("jbgpd.lab.bin");
        return override != null ? Path.of(override)
                : Lab.findScript().getParent().getParent().resolve("bgp-daemon/target/jbgpd/bin");
    }

    static void requireLauncher() {
        Privileges.require(Files.isExecutable(binDir().resolve("jbgpd")),
                "jbgpd launcher not built at " + binDir() + " (run ./mvnw package or verify, not test)");
    }

    JbgpdProcess start() {
        try {
            Files.writeString(log, START_MARK, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            // `ip netns exec` execs the launcher, which execs java: one PID, so signals reach the JVM.
            process = new ProcessBuilder("ip", "netns", "exec", namespace, launcher.toString(), "--config", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + launcher, e);
        }
    }

    boolean alive() { return process != null && process.isAlive(); }

    /** SIGTERM, then waits for the exit status. */
    int terminate(Duration within) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("jbgpd did not exit within " + within + " of SIGTERM\n" + logText());
        }
        return process.exitValue();
    }

    /** kill -9: no chance to clean up. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The log written since the last {@link #start()}. */
    String logSinceStart() {
        String text = logText();
        int at = text.lastIndexOf(START_MARK);
        return at < 0 ? text : text.substring(at);
    }

    Shell.Result jbgpctl(Path socket, String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                binDir().resolve("jbgpctl").toString(), "--socket", socket.toString()));
        cmd.addAll(java.util.List.of(args));
        // jbgpctl is a JVM of its own: at load 25 one `show peers` took more than 20 s (DynamicNeighborsGatewayIT).
        return Shell.run(Duration.ofSeconds(90), cmd);
    }

    @Override
    public void close() {
        org.jbgpd.testsupport.Processes.stop(process);
    }
}
