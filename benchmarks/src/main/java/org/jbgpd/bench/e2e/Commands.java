package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs short external commands (ip, birdc, gobgp) to completion and starts long-lived daemons.
 * A command that fails or hangs is an error with its output in the message, never ignored.
 */
final class Commands {
    private Commands() {}

    /** The exit status and combined output of a finished command. */
    record Result(int status, String output) {
        boolean ok() { return status == 0; }
    }

    static Result run(List<String> command, long timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // Read on another thread: reading here would block until the command closes its output,
            // so a hung command (gobgp waiting on a busy gobgpd) would never reach the timeout below.
            var out = new java.util.concurrent.CompletableFuture<byte[]>();
            Thread.ofVirtual().start(() -> {
                try {
                    out.complete(p.getInputStream().readAllBytes());
                } catch (IOException e) {
                    out.complete(new byte[0]);
                }
            });
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BenchException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            byte[] bytes;
            try {
                bytes = out.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // A child that outlived the command holds its output open: keep what the command said.
                bytes = new byte[0];
            }
            return new Result(p.exitValue(), new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BenchException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Runs a command that must succeed; returns its output. */
    static String check(String... command) {
        Result r = run(List.of(command), 600);
        if (!r.ok()) throw new BenchException(String.join(" ", command) + " failed (" + r.status() + "): " + r.output().strip());
        return r.output();
    }

    /** Starts a daemon in the foreground with stdout and stderr appended to {@code log}. */
    static Process start(List<String> command, Path log) {
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new BenchException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /** SIGTERM, then SIGKILL after {@code graceMillis}; waits until the process is gone. */
    static void stop(Process p, long graceMillis) {
        if (p == null || !p.isAlive()) return;
        p.destroy();
        try {
            if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
