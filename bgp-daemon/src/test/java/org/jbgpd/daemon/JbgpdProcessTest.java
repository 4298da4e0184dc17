package org.jbgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jbgpd.cli.CtlRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jbgpd process: systemd notifications, SIGHUP reload and a clean SIGTERM stop with exit 0. */
class JbgpdProcessTest {

    @TempDir
    Path dir;

    @Test
    void readyReloadOnSighupAndCleanStopOnSigterm() throws Exception {
        Path config = Files.writeString(dir.resolve("jbgpd.yaml"), UnprivilegedConfig.text(dir.resolve("jbgpd.sock")));
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            Process p = startJbgpd(List.of(), config, systemd);
            try {
                String ready = systemd.nextState();
                assertTrue(ready != null && ready.startsWith("READY=1"), "first notification: " + ready + "\n" + log());

                reloadBySighup(p, systemd);

                p.destroy(); // SIGTERM
                assertEquals("STOPPING=1", systemd.nextState());
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "jbgpd must stop on SIGTERM\n" + log());
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

    /**
     * Under a systemd watchdog jbgpd pings; a reload changes the log level at once; a reload that
     * touches kernel settings is refused whole with a restart hint; `jbgpctl stop` ends it with 0.
     */
    @Test
    void watchdogLogLevelReloadKernelChangeRefusedAndStopCommand() throws Exception {
        Path socket = dir.resolve("jbgpd.sock");
        String base = UnprivilegedConfig.text(socket);
        Path config = Files.writeString(dir.resolve("jbgpd.yaml"), base + "logging: {level: info}\n");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            ProcessBuilder pb = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "org.jbgpd.cli.Jbgpd", "--config", config.toString());
            pb.environment().put("NOTIFY_SOCKET", systemd.path.toString());
            pb.environment().put("WATCHDOG_USEC", "1000000");
            pb.environment().put("WATCHDOG_PID", "");
            pb.redirectErrorStream(true).redirectOutput(dir.resolve("jbgpd.log").toFile());
            Process p = pb.start();
            try {
                assertTrue(systemd.next().startsWith("READY=1"), log());
                assertEquals("WATCHDOG=1", systemd.next(), "systemd asked for a watchdog: jbgpd must ping\n" + log());
                assertEquals("WATCHDOG=1", systemd.next());

                // warn: the next reload's info line must not appear.
                Files.writeString(config, base + "logging: {level: warn}\n");
                assertTrue(ctl(socket, "reload").startsWith("0\n"));
                assertTrue(ctl(socket, "reload").startsWith("0\nreloaded " + config + ": no changes"));
                Files.writeString(config, base + "logging: {level: info}\n");
                assertTrue(ctl(socket, "reload").startsWith("0\n"));
                String text = log();
                assertTrue(text.contains("INFO Daemon - reload: logging changed"), text);
                assertTrue(!text.contains("reload: no changes"), "at warn level the info line is not logged\n" + text);

                Files.writeString(config, base.replace("kernel: {enabled: false}", "kernel: {enabled: true, table: 100}") + "logging: {level: debug}\n");
                String refused = ctl(socket, "reload");
                assertTrue(refused.startsWith("2\n"), refused);
                assertTrue(refused.contains("reload rejected: changed kernel.enabled, kernel.table: these need a restart of jbgpd"), refused);
                assertTrue(refused.contains("the running config stays"), refused);
                assertTrue(!log().contains("log level is now DEBUG"), "a refused reload applies nothing");

                String stop = ctl(socket, "stop");
                assertTrue(stop.startsWith("0\njbgpd stopping: Cease 6/2 to every peer"), stop);
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "jbgpctl stop must end jbgpd\n" + log());
                assertEquals(0, p.exitValue(), log());
                String last;
                do {
                    last = systemd.nextState(); // the four reloads' RELOADING=1/READY=1 come first
                } while (last != null && !last.equals("STOPPING=1"));
                assertEquals("STOPPING=1", last);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /**
     * nohup starts jbgpd with SIGHUP ignored, which the JVM keeps ignored unless jbgpd undoes it: reloads by SIGHUP
     * then vanished, and this class's first test failed whenever its build ran under nohup (ADR 0124).
     */
    @Test
    void sighupReloadsWhenStartedUnderNohup() throws Exception {
        Path config = Files.writeString(dir.resolve("jbgpd.yaml"), UnprivilegedConfig.text(dir.resolve("jbgpd.sock")));
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            Process p = startJbgpd(List.of("nohup"), config, systemd);
            try {
                String ready = systemd.nextState();
                assertTrue(ready != null && ready.startsWith("READY=1"), "first notification: " + ready + "\n" + log());
                reloadBySighup(p, systemd);
                // The test proves something only if jbgpd really started with SIGHUP ignored.
                assertTrue(log().contains("SIGHUP was ignored when jbgpd started (nohup?); jbgpd handles it anyway"), log());

                p.destroy(); // SIGTERM
                assertEquals("STOPPING=1", systemd.nextState());
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "jbgpd must stop on SIGTERM\n" + log());
                assertEquals(0, p.exitValue(), log());
                assertTrue(log().contains("reload: no changes"), log());
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** jbgpd with {@code config}, notifying {@code systemd}, behind {@code launcher} (e.g. nohup); output to jbgpd.log. */
    private Process startJbgpd(List<String> launcher, Path config, NotifyReceiver systemd) throws java.io.IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(launcher);
        cmd.addAll(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.jbgpd.cli.Jbgpd", "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("NOTIFY_SOCKET", systemd.path.toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("jbgpd.log").toFile());
        return pb.start();
    }

    /** SIGHUP, then RELOADING=1 and READY=1; without them, the daemon's log and threads say why. */
    private void reloadBySighup(Process p, NotifyReceiver systemd) throws Exception {
        new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
        String reloading = systemd.nextState();
        if (reloading == null || !reloading.startsWith("RELOADING=1")) {
            fail("after SIGHUP: " + reloading + "\n" + log() + "\n" + threads(p));
        }
        assertEquals("READY=1", systemd.nextState());
    }

    private static String ctl(Path socket, String... args) {
        return CtlRun.of(socket, args).text();
    }

    private String log() throws java.io.IOException {
        return Files.readString(dir.resolve("jbgpd.log"));
    }

    /** The daemon's threads (jcmd Thread.print), so a lost signal shows which thread held it up. */
    private static String threads(Process p) throws java.io.IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "Thread.print").redirectErrorStream(true).start();
        String out = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        dump.waitFor(20, TimeUnit.SECONDS);
        return out;
    }
}
