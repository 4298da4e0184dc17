package org.jbgpd.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one external command to completion and keeps what it printed. */
final class Shell {
    private Shell() {}

    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        boolean ok() { return exitCode == 0; }

        /** The output, or an AssertionError that shows the command and everything it said. */
        String orFail() {
            if (!ok()) throw new AssertionError(describe());
            return stdout;
        }

        String describe() {
            return String.join(" ", command) + " -> exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    static Result run(Duration timeout, String... command) {
        return run(timeout, List.of(command));
    }

    static Result run(Duration timeout, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            // Read both streams on their own threads so a chatty command cannot block on a full pipe.
            StringBuilder stdout = new StringBuilder();
            StringBuilder stderr = new StringBuilder();
            Thread outReader = Thread.ofVirtual().start(() -> drain(p.getInputStream(), stdout));
            Thread errReader = Thread.ofVirtual().start(() -> drain(p.getErrorStream(), stderr));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                outReader.join();
                errReader.join();
                return new Result(command, -1, stdout.toString(), stderr + "\n(timed out after " + timeout + ")");
            }
            outReader.join();
            errReader.join();
            return new Result(command, p.exitValue(), stdout.toString(), stderr.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static void drain(java.io.InputStream in, StringBuilder into) {
        try (in) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            synchronized (into) { into.append(text); }
        } catch (IOException e) {
            synchronized (into) { into.append("(read failed: ").append(e.getMessage()).append(')'); }
        }
    }
}
