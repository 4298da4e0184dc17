package org.jbgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jbgpd.testsupport.Privileges;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hardened hosts mount /tmp noexec. Netty copies its epoll library into the JVM's temp directory to load it unless
 * it finds it on java.library.path, so before ADR 0136 the daemon died at start there with an UnsatisfiedLinkError.
 * The launcher now points java.library.path at the copy the build unpacks into lib/native. The test gives the
 * daemon a noexec temp directory of its own (a tmpfs in a private mount namespace, as java.io.tmpdir) rather than
 * covering /tmp, where the checkout itself may live.
 */
class LauncherNoexecTmpIT {

    private final Path dir = Path.of("target", "noexec-tmp-it").toAbsolutePath();

    @BeforeEach
    void setUp() throws Exception {
        JbgpdLauncher.requireLauncher();
        Privileges.requireRoot();
        Privileges.requireProgram("unshare", "util-linux");
        deleteDir();
        Files.createDirectories(dir);
    }

    @AfterEach
    void deleteDir() throws Exception {
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void startsWhereTmpIsMountedNoexec() throws Exception {
        Path config = Files.writeString(dir.resolve("jbgpd.yaml"), UnprivilegedConfig.text(dir.resolve("jbgpd.sock")));
        Path log = dir.resolve("jbgpd.log");
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            Path tmp = Files.createDirectory(dir.resolve("tmp"));
            // A mount namespace of its own (util-linux makes its mounts private), a noexec tmpfs in it.
            ProcessBuilder pb = new ProcessBuilder("unshare", "--mount", "sh", "-c",
                    "mount -t tmpfs -o noexec,nosuid,nodev tmpfs \"$2\" && exec \"$0\" --config \"$1\"",
                    JbgpdLauncher.LAUNCHER.toString(), config.toString(), tmp.toString());
            pb.environment().put("NOTIFY_SOCKET", systemd.path.toString());
            pb.environment().put("JBGPD_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
            Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                String ready = systemd.nextState();
                assertTrue(ready != null && ready.startsWith("READY=1"),
                        "jbgpd must start with a noexec /tmp; first notification: " + ready + "\n" + Files.readString(log));
                p.destroy();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jbgpd stops on SIGTERM\n" + Files.readString(log));
                assertEquals(0, p.exitValue(), Files.readString(log));
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
