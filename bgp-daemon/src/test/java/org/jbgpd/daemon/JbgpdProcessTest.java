package org.jbgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jbgpd process: systemd notifications, SIGHUP reload and a clean SIGTERM stop with exit 0. */
class JbgpdProcessTest {

    @TempDir
    Path dir;

    @Test
    void readyReloadOnSighupAndCleanStopOnSigterm() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("jbgpd.yaml"), """
                routerId: 192.0.2.1
                asNumber: 64512
                listen: {address: 127.0.0.1, port: %d}
                peers: [{name: nobody, address: 127.0.0.3, passive: true}]
                kernel: {enabled: false}
                control: {socket: %s}
                metrics: {enabled: false}
                """.formatted(port, dir.resolve("jbgpd.sock")));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            ProcessBuilder pb = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "org.jbgpd.cli.Jbgpd", "--config", config.toString());
            pb.environment().put("NOTIFY_SOCKET", systemd.path.toString());
            pb.redirectErrorStream(true).redirectOutput(dir.resolve("jbgpd.log").toFile());
            Process p = pb.start();
            try {
                String ready = systemd.next();
                assertTrue(ready != null && ready.startsWith("READY=1"), "first notification: " + ready + "\n" + log());

                new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
                assertTrue(systemd.next().startsWith("RELOADING=1"));
                assertEquals("READY=1", systemd.next());

                p.destroy(); // SIGTERM
                assertEquals("STOPPING=1", systemd.next());
                assertTrue(p.waitFor(10, TimeUnit.SECONDS), "jbgpd must stop on SIGTERM\n" + log());
                assertEquals(0, p.exitValue(), log());
                List<String> lines = Files.readAllLines(dir.resolve("jbgpd.log"));
                assertTrue(lines.stream().anyMatch(l -> l.contains("reload: no changes")), log());
                assertTrue(lines.stream().anyMatch(l -> l.contains("stopped")), log());
                assertTrue(Files.notExists(dir.resolve("jbgpd.sock")), "the control socket is removed on exit");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private String log() throws java.io.IOException {
        return Files.readString(dir.resolve("jbgpd.log"));
    }
}
