package org.jbgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jbgpd.testsupport.Privileges;
import org.jbgpd.transport.ScriptedPeer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's AOT cache under systemd's CacheDirectory= (ADR 0084): --check records nothing, the
 * first clean stop leaves a cache the next start maps, and a damaged cache only costs speed. Once its
 * peer is Established the recording run writes the cache while it runs (ADR 0125), so a daemon killed
 * after that still leaves one the next start maps.
 */
class LauncherAotCacheIT {

    @TempDir
    Path dir;
    Path config;
    Path cacheDir;
    int port;

    @BeforeEach
    void setUp() throws IOException {
        JbgpdLauncher.requireLauncher();
        port = UnprivilegedConfig.freePort();
        config = Files.writeString(dir.resolve("jbgpd.yaml"), UnprivilegedConfig.text(dir.resolve("jbgpd.sock"), port));
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

    /** Starts the daemon as systemd would, with its config and a notify socket, and waits for READY=1. */
    private Process startReady(NotifyReceiver systemd) throws Exception {
        return startReady(launcher("--config", config.toString()), systemd);
    }

    private Process startReady(ProcessBuilder pb, NotifyReceiver systemd) throws Exception {
        pb.environment().put("NOTIFY_SOCKET", systemd.path.toString());
        Process p = pb.start();
        try {
            String ready = systemd.nextState();
            assertTrue(ready != null && ready.startsWith("READY=1"), "first notification: " + ready + "\n" + log());
            return p;
        } catch (Throwable t) {
            p.destroyForcibly();
            throw t;
        }
    }

    /** Starts the daemon, waits for READY=1, returns whether it mapped the cache, stops it with SIGTERM (exit 0). */
    private boolean runOnce() throws Exception {
        return runOnce(launcher("--config", config.toString()), cacheDir.resolve("jbgpd.aot"));
    }

    /** {@link #runOnce()} with this launcher command and this cache file. */
    private boolean runOnce(ProcessBuilder pb, Path cache) throws Exception {
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            Process p = startReady(pb, systemd);
            try {
                boolean mapped = Files.readString(Path.of("/proc", Long.toString(p.pid()), "maps")).contains(cache.toString());
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

    /** Plays the configured peer 127.0.0.3: dials jbgpd, OPEN, KEEPALIVE; returns once Established from our side. */
    private ScriptedPeer establish() throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        ScriptedPeer peer = new ScriptedPeer(s);
        peer.send(ScriptedPeer.openMessage(64512, 90, 0x7f000003));
        ScriptedPeer.Message open = peer.next(30_000);
        assertTrue(open != null && open.type() == ScriptedPeer.OPEN, "jbgpd's OPEN: " + open + "\n" + log());
        peer.send(ScriptedPeer.message(ScriptedPeer.KEEPALIVE));
        return peer;
    }

    @Test
    void writtenWhileRunningOnceWarmSoAKilledDaemonLeavesAUsableCache() throws Exception {
        Path cache = cacheDir.resolve("jbgpd.aot");
        Path stamp = cacheDir.resolve("jbgpd.aot.ok");
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            Process p = startReady(systemd);
            try {
                try (ScriptedPeer peer = establish()) {
                    // Keep the session up until the cache is marked complete (the JVM writes it with a child JVM).
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
                    while (!Files.exists(stamp) && System.nanoTime() < deadline) peer.keepAlive(1000);
                    assertTrue(Files.exists(stamp), "a warm recording run marks its cache complete while it runs\n" + log());
                    assertTrue(p.isAlive(), "and keeps running\n" + log());
                    assertTrue(Files.size(cache) > 1_000_000, "the cache is written\n" + log());
                }
                p.destroyForcibly(); // SIGKILL: before ADR 0125 this left no cache at all
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            } finally {
                p.destroyForcibly();
            }
        }
        assertTrue(Files.exists(stamp), "the kill does not undo the stamp");
        assertTrue(runOnce(), "the next start maps the cache written before the kill\n" + log());
        assertTrue(Files.exists(stamp), "and keeps it: the JVM used it\n" + log());
    }

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

    /**
     * The cache the package phase records beside the jars (ADR 0135): a start with neither
     * JBGPD_AOT_CACHE nor CACHE_DIRECTORY maps it; one whose flags differ (JBGPD_JAVA_OPTS, part of the
     * key) starts without it; neither records into lib/ nor removes the cache or its stamp.
     */
    @Test
    void theCacheTheBuildRecordedIsMappedByAPlainStartAndLeftAsItIs() throws Exception {
        Path lib = JbgpdLauncher.LAUNCHER.getParent().resolveSibling("lib").toRealPath();
        Path shipped = lib.resolve("jbgpd.aot");
        Path stamp = lib.resolve("jbgpd.aot.ok");
        Privileges.require(Files.exists(stamp), "the build recorded no AOT cache in " + lib
                + " (its package phase says why: it needs unshare and ip)");
        var written = Files.getLastModifiedTime(shipped);
        String key = Files.readString(stamp);

        ProcessBuilder plain = launcher("--config", config.toString());
        plain.environment().remove("CACHE_DIRECTORY");
        assertTrue(runOnce(plain, shipped), "a plain start maps lib/jbgpd.aot\n" + log());

        ProcessBuilder otherFlags = launcher("--config", config.toString());
        otherFlags.environment().remove("CACHE_DIRECTORY");
        otherFlags.environment().put("JBGPD_JAVA_OPTS", "-Xmx256m");
        assertFalse(runOnce(otherFlags, shipped), "a cache recorded with other flags is not used\n" + log());

        assertEquals(written, Files.getLastModifiedTime(shipped), "lib/jbgpd.aot is never rewritten by a start");
        assertEquals(key, Files.readString(stamp), "nor its stamp");
        try (var files = Files.list(cacheDir)) {
            assertEquals(0, files.count(), "nothing is recorded elsewhere either");
        }
    }
}
