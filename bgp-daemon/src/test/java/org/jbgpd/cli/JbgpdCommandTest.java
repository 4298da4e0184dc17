package org.jbgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JbgpdCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicBoolean ran = new AtomicBoolean();

    private int run(String... args) {
        return new JbgpdCommand((f, c) -> { ran.set(true); return 0; }, new PrintWriter(out), new PrintWriter(err)).execute(args);
    }

    @Test
    void checkAcceptsAGoodConfig() throws Exception {
        Path f = Files.writeString(dir.resolve("ok.yaml"), "routerId: 192.0.2.1\nasNumber: 64512\npeers: [{name: a, address: 192.0.2.2}]\n");
        assertEquals(0, run("--config", f.toString(), "--check"));
        assertTrue(out.toString().contains("ok (1 peers"), out.toString());
        assertEquals(false, ran.get(), "--check must not start the daemon");
    }

    @Test
    void checkRejectsABadConfigWithExit2AndLocations() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.yaml"), "routerId: 192.0.2.1\nasNumber: 0\n");
        assertEquals(2, run("--config", f.toString(), "--check"));
        assertTrue(err.toString().contains(f + ":2:11: asNumber is 0, must be in 1..4294967295"), err.toString());
    }

    @Test
    void missingFileAndUsageErrorsExit2() {
        assertEquals(2, run("--config", dir.resolve("nope.yaml").toString(), "--check"));
        assertTrue(err.toString().contains("no such file"), err.toString());
        assertEquals(2, run("--bogus"));
        assertTrue(err.toString().contains("Unknown option: '--bogus'") && err.toString().contains("Usage: jbgpd"), err.toString());
        assertEquals(2, run("--check"), "--config is required");
        assertEquals(2, run("--config"), "--config needs a file");
    }

    @Test
    void configInEveryUsualSpellingStartsTheDaemon() throws Exception {
        Path f = Files.writeString(dir.resolve("ok.yaml"), "routerId: 192.0.2.1\nasNumber: 64512\n");
        for (String[] args : new String[][] {{"--config", f.toString()}, {"--config=" + f}, {"-c", f.toString()}, {"-c" + f}}) {
            ran.set(false);
            assertEquals(0, run(args), String.join(" ", args) + ": " + err);
            assertTrue(ran.get(), String.join(" ", args));
        }
    }

    @Test
    void helpListsTheOptions() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("--config=FILE") && out.toString().contains("--check"), out.toString());
    }

    @Test
    void versionNamesTheBuild() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("jbgpd 0."), out.toString());
    }
}
