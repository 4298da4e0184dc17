package org.jbgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's AOT cache under systemd's CacheDirectory= (ADR 0084): --check records nothing, the
 * first clean stop leaves a cache the next start maps, and a damaged cache only costs speed.
 */
class LauncherAotCacheIT {

    @TempDir
    Path dir;
    Path config;
    Path cacheDir;

    @BeforeEach
    void setUp() throws IOException {
        JbgpdLauncher.requireLauncher();
        config = Files.writeString(dir.resolve("jbgpd.yaml"), UnprivilegedConfig.text(dir.resolve("jbgpd.sock")));
        cacheDir = Files.createDirectory(dir.resolve("cache"));
    }

    private ProcessBuilder launcher(String... args) {
        List<String> cmd = new ArrayList<>(List.of(JbgpdLauncher.LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JBGPD_AOT_CACHE");
        pb.environment().remove("JBGPD_JAVA_OPTS");
        pb.environment().put("CACHE_DIRECTORY", cacheDir.toString());
        return pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("jbgpd.log").toFile()));
    }

    /** Starts the daemon, waits for READY=1, returns whether it mapped the cache, stops it with SIGTERM (exit 0). */
    private boolean runOnce() throws Exception {
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            ProcessBuilder pb = launcher("--config", config.toString());
            pb.environment().put("NOTIFY_SOCKET", systemd.path.toString());
            Process p = pb.start();
            try {
                String ready = systemd.nextState();
                assertTrue(ready != null && ready.startsWith("READY=1"), "first notification: " + ready + "\n" + log());
                boolean mapped = Files.readString(Path.of("/proc", Long.toString(p.pid()), "maps")).contains(cacheDir.resolve("jbgpd.aot").toString());
                p.destroy(); // SIGTERM: a clean stop; a recording run then writes the cache before the JVM exits
                assertTrue(p.waitFor(180, TimeUnit.SECONDS), "jbgpd must stop on SIGTERM\n" + log());
                assertEquals(0, p.exitValue(), log());
                return mapped;
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private String log() throws IOException { return Files.readString(dir.resolve("jbgpd.log")); }

    @Test
    void recordedOnCleanStopUsedNextTimeAndHarmlessWhenDamaged() throws Exception {
        Process check = launcher("--config", config.toString(), "--check").start();
        assertTrue(check.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), log());
        assertFalse(Files.exists(cacheDir.resolve("jbgpd.aot")), "--check (ExecStartPre) must not record a cache");

        assertFalse(runOnce(), "the first start has no cache yet");
        assertTrue(Files.size(cacheDir.resolve("jbgpd.aot")) > 1_000_000, "the first clean stop records the cache\n" + log());
        assertTrue(Files.exists(cacheDir.resolve("jbgpd.aot.ok")), "and marks it complete");

        assertTrue(runOnce(), "the second start maps the cache\n" + log());

        // A damaged file (disk trouble, a JDK bug) must leave a working daemon, only a slower one.
        Files.write(cacheDir.resolve("jbgpd.aot"), new byte[4096]);
        assertFalse(runOnce(), "a damaged cache is not mapped");
        assertFalse(Files.exists(cacheDir.resolve("jbgpd.aot.ok")), "so the next start records a new one");
    }
}
