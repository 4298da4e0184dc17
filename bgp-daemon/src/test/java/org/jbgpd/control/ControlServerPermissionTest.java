package org.jbgpd.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jbgpd.testsupport.Privileges;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SO_PEERCRED in action: an unprivileged process (uid 65534 via setpriv) may read over a 0666
 * socket but is refused state changes; root may change state. Needs root to switch users.
 */
class ControlServerPermissionTest {

    private Path dir;
    private ControlServer server;
    private final FakeControlService service = new FakeControlService();

    @BeforeEach
    void start() throws Exception {
        Privileges.requireRoot();
        Privileges.requireProgram("setpriv", "apt-get install util-linux");
        Privileges.requireProgram("curl", "apt-get install curl");
        dir = Files.createTempDirectory("jb-daemon-ctl", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        server = ControlServer.start(dir.resolve("jbgpd.sock"), null, 0666, service);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private String curl(boolean unprivileged, String method, String path) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        if (unprivileged) cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        cmd.addAll(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--unix-socket", dir.resolve("jbgpd.sock").toString(),
                "-X", method, "http://jbgpd" + path));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void unprivilegedCallerMayReadButNotChangeState() throws Exception {
        assertEquals("200", curl(true, "GET", "/v1/peers"));
        assertEquals("403", curl(true, "POST", "/v1/peers/rr1/reset"));
        assertEquals(List.of(), service.actions, "the refused reset must not reach the daemon");
        assertEquals("200", curl(false, "POST", "/v1/peers/rr1/reset"));
        assertEquals(List.of("reset rr1"), service.actions);
    }

    @Test
    void socketModeIsApplied() throws Exception {
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("jbgpd.sock"))));
    }
}
