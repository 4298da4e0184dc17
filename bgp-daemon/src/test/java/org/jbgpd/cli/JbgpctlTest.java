package org.jbgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jbgpd.control.ControlServer;
import org.jbgpd.control.FakeControlService;
import org.jbgpd.control.JsonCodec;
import org.jbgpd.control.PeerSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jbgpctl against a real control server on a real Unix socket (the daemon side is a fixed fake). */
class JbgpctlTest {

    @TempDir
    Path dir;

    private final FakeControlService service = new FakeControlService();
    private ControlServer server;
    private Path socket;
    private String out;
    private String err;

    @BeforeEach
    void start() throws Exception {
        socket = dir.resolve("jbgpd.sock");
        server = ControlServer.start(socket, null, 0660, service);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(String... args) {
        CtlRun r = CtlRun.of(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC), socket, args);
        out = r.out();
        err = r.err();
        return r.status();
    }

    @Test
    void showPeersAsATableLikeCalicoctl() {
        assertEquals(0, run("show", "peers"), err.toString());
        String[] lines = out.toString().split("\n");
        assertEquals(6, lines.length, out.toString());
        assertTrue(lines[1].matches("\\| NAME +\\| PEER ADDRESS +\\| PEER TYPE \\| STATE +\\| SINCE +\\| INFO +\\| RECEIVED \\| ACCEPTED \\| INSTALLED \\|"), lines[1]);
        assertTrue(lines[3].matches("\\| rr1 +\\| 198\\.51\\.100\\.11 \\| iBGP +\\| Established \\| 09:40:12 +\\| Established +\\| 12 +\\| 10 +\\| 10 +\\|"), lines[3]);
        assertTrue(lines[4].contains("| 2026-11-30 ") && lines[4].contains("| Connection refused |"), lines[4]);
    }

    @Test
    void showPeersAsJsonForScripts() throws Exception {
        assertEquals(0, run("-o", "json", "show", "peers"));
        List<PeerSummary> peers = new JsonCodec().readList(out.toString().getBytes(), PeerSummary.class);
        assertEquals(List.of(FakeControlService.RR1, FakeControlService.RR2), peers);
    }

    @Test
    void showPeerDetailAndUnknownPeer() {
        assertEquals(0, run("show", "peer", "rr1"));
        assertTrue(out.toString().contains("Capabilities:   mp ipv4, 4-octet-as, route-refresh, graceful-restart 120"), out.toString());
        assertTrue(out.toString().contains("Hold/keepalive: 90s / 30s"), out.toString());
        assertEquals(2, run("show", "peer", "nope"));
        assertEquals("jbgpctl: no peer named nope\n", err.toString());
    }

    @Test
    void showRoutesFilteredAndLongestMatch() {
        assertEquals(0, run("show", "routes", "10.20.1.0/24"));
        assertTrue(out.toString().contains("| 10.20.1.0/26 | 198.51.100.21 | rr1 "), out.toString());
        assertTrue(!out.toString().contains("10.20.2.0/26"), out.toString());
        assertTrue(out.toString().endsWith("1 prefixes (* best, = multipath)\n"), out.toString());

        assertEquals(0, run("show", "route", "10.20.2.7"));
        assertEquals("10.20.2.0/26\n  * via 198.51.100.23 from rr1, AS path (empty), origin IGP, local pref 100\n  installed: 198.51.100.23\n", out.toString());
        assertEquals(2, run("show", "route", "192.0.2.1"));
        assertEquals(2, run("show", "routes", "10.20.1.1/24"), "host bits: usage error");
        assertTrue(err.toString().contains("did you mean 10.20.1.0/24?"), err.toString());
    }

    /** Why a path was not chosen shows without reading the log: FRR prints "(inaccessible)", BIRD "unreachable". */
    @Test
    void showRoutesMarksUnreachableNextHopsAndStalePaths() throws Exception {
        assertEquals(0, run("show", "routes", "2001:db8:60::/48"));
        String table = out.toString();
        assertTrue(table.matches("(?s).*\\| 2001:db8:60::/48 \\| 2001:db8:1::21 +\\| rr1 .*\\| \\* stale \\| yes .*"), table);
        assertTrue(table.contains("| ::ffff:192.0.2.2 (unreachable) | gobgp | 65002 "), table);

        assertEquals(0, run("show", "route", "2001:db8:60::1"));
        assertEquals("""
                2001:db8:60::/48
                  * via 2001:db8:1::21 from rr1, AS path (empty), origin IGP, local pref 100, stale (the peer is restarting)
                    via ::ffff:192.0.2.2 from gobgp, AS path 65002, origin IGP, next hop unreachable
                  installed: 2001:db8:1::21
                """, out.toString());

        assertEquals(0, run("-o", "json", "show", "routes", "2001:db8:60::/48"));
        assertTrue(out.toString().contains("\"unreachable\" : true"), out.toString());
        assertTrue(out.toString().contains("\"stale\" : true"), out.toString());
    }

    @Test
    void peerActionsReachTheDaemon() {
        assertEquals(0, run("peer", "shutdown", "rr2", "--message", "maintenance until 11:00"));
        assertEquals("shutdown rr2 maintenance until 11:00: done\n", out.toString());
        assertEquals(0, run("peer", "enable", "rr2"));
        assertEquals(0, run("peer", "reset", "rr1"));
        assertEquals(List.of("shutdown rr2 maintenance until 11:00", "enable rr2", "reset rr1"), service.actions);
        assertEquals(2, run("peer", "reset", "rr9"));
    }

    @Test
    void stopAndPlannedRestartReachTheDaemon() {
        assertEquals(0, run("stop", "--graceful"));
        assertEquals("stopping for a planned restart\n", out.toString());
        assertEquals(0, run("stop"));
        // Each stop is carried out once its answer has been written, before the connection closes.
        assertEquals(List.of("stop graceful", "stopped graceful", "stop", "stopped"), service.actions);
    }

    @Test
    void everySubcommandExplainsItselfWithHelp() {
        for (String[] cmd : List.of(new String[] {"show", "--help"}, new String[] {"show", "peers", "--help"}, new String[] {"reload", "--help"},
                new String[] {"peer", "shutdown", "--help"}, new String[] {"stop", "--help"})) {
            assertEquals(0, run(cmd), String.join(" ", cmd) + ": " + err);
            assertTrue(out.toString().startsWith("Usage: jbgpctl " + cmd[0]), out.toString());
        }
        run("stop", "--help");
        assertTrue(out.toString().contains("--graceful") && out.toString().matches("(?s).*without\\s+NOTIFICATION.*"), out.toString());
        assertTrue(service.actions.isEmpty(), "--help must not act");
    }

    @Test
    void rejectedReloadShowsTheConfigErrorsAndExits2() {
        assertEquals(2, run("reload"));
        assertEquals("jbgpctl: config rejected, running config kept\n  jbgpd.yaml:3:11: asNumber is 0, must be in 1..4294967295\n", err.toString());
    }

    @Test
    void daemonNotRunningExits3WithAHint() {
        server.close();
        assertEquals(3, run("show", "peers"));
        assertTrue(err.toString().startsWith("jbgpctl: jbgpd is not running (no answer on " + socket + ")"), err.toString());
        assertEquals(1, err.toString().lines().count());
        server = restartForTeardown();
    }

    private ControlServer restartForTeardown() {
        try {
            return ControlServer.start(socket, null, 0660, service);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
