package org.jbgpd.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one external command to completion (30 s at most) and keeps what it printed. */
record Cmd(List<String> command, int exit, String out) {

    static Cmd run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            StringBuilder text = new StringBuilder();
            Thread reader = Thread.ofVirtual().start(() -> {
                try (var in = p.getInputStream()) {
                    text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    text.append("(read failed: ").append(e.getMessage()).append(')');
                }
            });
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                reader.join();
                return new Cmd(List.of(command), -1, text + "(timed out)");
            }
            reader.join();
            return new Cmd(List.of(command), p.exitValue(), text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + List.of(command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The output, or an AssertionError naming the command. */
    String ok() {
        if (exit != 0) throw new AssertionError(String.join(" ", command) + " -> exit " + exit + "\n" + out);
        return out;
    }
}
