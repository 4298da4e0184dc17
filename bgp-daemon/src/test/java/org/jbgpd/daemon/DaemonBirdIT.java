package org.jbgpd.daemon;

import static org.jbgpd.daemon.BirdPeerLab.FOREIGN;
import static org.jbgpd.daemon.BirdPeerLab.POD_BLOCK;
import static org.jbgpd.daemon.BirdPeerLab.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jbgpd.cli.CtlRun;
import org.jbgpd.control.JsonCodec;
import org.jbgpd.control.PeerDetail;
import org.jbgpd.testsupport.Privileges;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real launcher as user nobody with only CAP_NET_ADMIN and CAP_NET_BIND_SERVICE, in a
 * namespace, peering with a real BIRD 1.6 (two protocols, rr1 with graceful restart). One daemon
 * goes through the steps an operator takes, in order: start (port 179, kernel routes, /metrics),
 * reloads (policy only, session change, removed peer, invalid file), a planned restart and SIGTERM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonBirdIT {

    /** Start-up alone took 14-17 s at load 20; a session then needs BIRD's connect retry on top. */
    private static final Duration SESSION = Duration.ofSeconds(60);
    private static final String ANNOUNCED = "203.0.113.0/24";

    private Path dir;
    private Path config;
    private Path socket;
    private BirdPeerLab lab;
    private JbgpdLauncher jbgpd;
    private final JsonCodec json = new JsonCodec();
    private String announce = "[{prefix: " + ANNOUNCED + "}]";

    @BeforeAll
    void up() throws Exception {
        Privileges.requireRoot();
        Privileges.requireProgram("bird", "apt-get install bird");
        Privileges.requireProgram("setpriv", "apt-get install util-linux");
        Privileges.requireProgram("curl", "apt-get install curl");
        JbgpdLauncher.requireLauncher();
        dir = Files.createTempDirectory("jb-dm-");
        // nobody must read the config and create the control socket here.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        config = dir.resolve("jbgpd.yaml");
        socket = dir.resolve("jbgpd.sock");
        writeConfig(configText("all", 9, true));
        lab = BirdPeerLab.up(dir);
        jbgpd = new JbgpdLauncher(BirdPeerLab.GW, config, dir.resolve("jbgpd.log")).start();
    }

    @AfterAll
    void down() throws Exception {
        if (jbgpd != null) jbgpd.close();
        if (lab != null) lab.close();
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String configText(String rr1Import, int rr1Hold, boolean withRr2) {
        return """
                routerId: 192.0.2.1
                asNumber: 64512
                listen: {address: "::", port: 179}
                peers:
                  - {name: rr1, address: 192.0.2.11, sourceAddress: 192.0.2.1, holdTime: %d, connectRetryTime: 1, importPolicy: %s}
                %s
                policies:
                  pods:
                    - {action: accept, prefix: 10.20.0.0/16, maxLength: 32}
                    - {action: reject}
                announce: %s
                kernel: {enabled: true, keepOnExit: false}
                control: {socket: %s}
                metrics: {address: 127.0.0.1, port: 9179}
                """.formatted(rr1Hold, rr1Import,
                withRr2 ? "  - {name: rr2, address: 192.0.2.12, sourceAddress: 192.0.2.2, holdTime: 9, connectRetryTime: 1, importPolicy: all}" : "",
                announce, socket);
    }

    private void writeConfig(String text) throws Exception {
        Files.writeString(config, text);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private String ctl(String... args) {
        return CtlRun.of(socket, args).text();
    }

    private PeerDetail peer(String name) throws Exception {
        String r = ctl("-o", "json", "show", "peer", name);
        assertTrue(r.startsWith("0\n"), r);
        return json.read(r.substring(2).getBytes(), PeerDetail.class);
    }

    private String state() {
        return "BIRD log:\n" + lab.birdLog() + "\nBIRD rr1:\n" + lab.protocol("rr1") + "\nBIRD rr2:\n" + lab.protocol("rr2") + "\nkernel:\n" + lab.kernelRoutes()
                + "\njbgpd log:\n" + jbgpd.logText();
    }

    /**
     * BIRD's line for the session once it has stayed Established for 3 s: right after a reset both
     * sides dial, and a collision may replace the first session a second later.
     */
    private String settled(String protocol) throws InterruptedException {
        long end = System.nanoTime() + SESSION.toNanos();
        while (System.nanoTime() < end) {
            String line = lab.protocolLine(protocol);
            Thread.sleep(3000);
            if (line.contains("Established") && line.equals(lab.protocolLine(protocol))) return line;
        }
        throw new AssertionError(protocol + " does not settle\n" + state());
    }

    /**
     * The session as jbgpd sees it: Established since (to the millisecond) and OPENs received. Both
     * change with any new session; BIRD's own "since" column (seconds) also moved once without a new
     * session on a loaded machine, so it only backs this up.
     */
    private String session(String name) throws Exception {
        PeerDetail p = peer(name);
        return p.summary().state() + " since " + p.summary().since() + ", OPENs received " + p.messagesIn().get("open");
    }

    /** /metrics scraped inside the namespace and parsed: "name{labels}" -> value. */
    private Map<String, Double> metrics() {
        String text = Cmd.run("ip", "netns", "exec", BirdPeerLab.GW, "curl", "-sf", "http://127.0.0.1:9179/metrics").ok();
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("#") || line.isBlank()) continue;
            int space = line.lastIndexOf(' ');
            m.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return m;
    }

    @Test
    @Order(1)
    void runsAsNobodyWithTwoCapabilitiesBindsPort179InstallsRoutesAndServesMetrics() throws Exception {
        waitFor("rr1 and rr2 Established", SESSION, () -> lab.established("rr1") && lab.established("rr2"), this::state);
        // Sessions come up while jbgpd is still starting; the metrics endpoint is the last thing it opens.
        waitFor("jbgpd to finish starting", SESSION, () -> jbgpd.logText().contains("INFO Daemon - jbgpd running"), this::state);
        String status = Files.readString(Path.of("/proc", Long.toString(jbgpd.pid()), "status"));
        assertTrue(status.matches("(?s).*\nUid:\\s+65534\\s+65534\\s+65534\\s+65534\n.*"), status);
        assertTrue(status.contains("CapEff:\t0000000000001400"), "only cap_net_admin and cap_net_bind_service\n" + status);
        String listening = Cmd.run("ip", "netns", "exec", BirdPeerLab.GW, "ss", "-ltnpH", "sport", "= :179").ok();
        assertTrue(listening.contains(":179 ") && listening.contains("pid=" + jbgpd.pid()), listening);

        waitFor("the pod block and the foreign prefix in the kernel", SESSION,
                () -> lab.kernelRoutes().contains(POD_BLOCK + " via 192.0.2.11") && lab.kernelRoutes().contains(FOREIGN), this::state);
        waitFor("BIRD to learn our announced prefix", SESSION, () -> lab.birdRoute(ANNOUNCED).contains(ANNOUNCED), this::state);

        // The kernel shows a route before the RIB has counted its installation, and BIRD calls rr2 Established
        // before jbgpd has read BIRD's KEEPALIVE: wait for the figures themselves.
        String up = "jbgpd_peer_up{address=\"192.0.2.11\",peer=\"rr1\"}";
        String installed = "jbgpd_peer_prefixes{address=\"192.0.2.11\",kind=\"installed\",peer=\"rr1\"}";
        String rr2State = "jbgpd_peer_state{address=\"192.0.2.12\",peer=\"rr2\"}";
        waitFor("rr1 up with 2 installed prefixes and rr2 Established (6) in /metrics", SESSION, () -> {
            Map<String, Double> now = metrics();
            return Double.valueOf(1.0).equals(now.get(up)) && Double.valueOf(2.0).equals(now.get(installed))
                    && Double.valueOf(6.0).equals(now.get(rr2State));
        }, () -> metrics().toString());
        Map<String, Double> m = metrics();
        assertTrue(m.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes")), "JVM metrics");
        // Kernel figures come from the FIB's last scan (at most a few seconds old).
        waitFor("jbgpd_kernel_routes to count both routes", SESSION,
                () -> Double.valueOf(2.0).equals(metrics().get("jbgpd_kernel_routes{family=\"ipv4\"}")), () -> metrics().toString());
        m = metrics();
        assertEquals(0.0, m.get("jbgpd_kernel_routes{family=\"ipv6\"}"), m.toString());
        assertTrue(m.get("jbgpd_kernel_operations_total{op=\"replace\",result=\"ok\"}") >= 2, m.toString());
        assertEquals(0.0, m.get("jbgpd_kernel_operations_total{op=\"replace\",result=\"error\"}"), m.toString());
        assertTrue(m.containsKey("jbgpd_kernel_operations_total{op=\"delete\",result=\"ok\"}"), m.toString());
        double batches = m.get("jbgpd_kernel_batch_seconds_count");
        assertTrue(batches >= 1, m.toString());
        assertEquals(batches, m.get("jbgpd_kernel_batch_seconds_bucket{le=\"+Inf\"}"), "a histogram: every batch is in the last bucket\n" + m);
        assertTrue(m.containsKey("jbgpd_kernel_batch_seconds_bucket{le=\"0.01\"}"), m.toString());
        String routes = ctl("-o", "json", "show", "routes");
        assertTrue(routes.startsWith("0\n"), routes);
        int shown = json.readList(routes.substring(2).getBytes(), org.jbgpd.control.RouteEntry.class).size();
        assertEquals((double) shown, m.get("jbgpd_rib_routes{family=\"ipv4\"}"), "Loc-RIB size as `show routes` lists it\n" + m);
        assertEquals(0.0, m.get("jbgpd_rib_routes{family=\"ipv6\"}"), m.toString());
    }

    @Test
    @Order(2)
    void policyOnlyReloadKeepsTheSession() throws Exception {
        settled("rr1");
        String session = session("rr1");
        long transitions = peer("rr1").establishedTransitions();

        writeConfig(configText("pods", 9, true));
        String reload = ctl("reload");
        assertTrue(reload.startsWith("0\nreloaded " + config + ": policy re-evaluated for rr1"), reload);
        waitFor("the pods policy to take " + FOREIGN + " out of the kernel", SESSION, () -> !lab.kernelRoutes().contains(FOREIGN), this::state);
        assertTrue(lab.kernelRoutes().contains(POD_BLOCK), state());
        assertEquals(session, session("rr1"), "the session's uptime must not reset\n" + state());
        assertTrue(lab.established("rr1"), state());
        assertEquals(transitions, peer("rr1").establishedTransitions(), "jbgpd's session must not reset");
    }

    @Test
    @Order(3)
    void sessionParameterChangeResetsThePeerWithCease6_6() throws Exception {
        String before = session("rr1");
        writeConfig(configText("pods", 12, true));
        String reload = ctl("reload");
        assertTrue(reload.startsWith("0\nreloaded " + config + ": reset rr1"), reload);
        waitFor("BIRD to report Cease 6/6", SESSION, () -> lab.birdLog().contains("rr1: Received: Other configuration change"), this::state);
        // The peer is re-created with the new settings: a new session in BIRD and in jbgpd.
        waitFor("rr1 back with a new session", SESSION, () -> {
            try {
                return lab.established("rr1") && !session("rr1").equals(before) && peer("rr1").summary().state().equals("Established");
            } catch (Exception | AssertionError e) {
                return false;
            }
        }, this::state);
        assertTrue(lab.established("rr2"), "the other peer is untouched\n" + state());
    }

    @Test
    @Order(4)
    void removedPeerGetsCease6_3() throws Exception {
        // rr1 was just reset: a collision may still replace its first new session, so judge it once settled.
        settled("rr1");
        String session = session("rr1");
        writeConfig(configText("pods", 12, false));
        String reload = ctl("reload");
        assertTrue(reload.startsWith("0\nreloaded " + config + ": removed rr2"), reload);
        waitFor("BIRD to report Cease 6/3", SESSION, () -> lab.birdLog().contains("rr2: Received: Peer de-configured"), this::state);
        assertTrue(!ctl("show", "peers").contains("rr2"), ctl("show", "peers"));
        assertEquals(session, session("rr1"), "removing rr2 must not touch rr1's session\n" + state());
        assertTrue(lab.established("rr1"), state());
    }

    @Test
    @Order(5)
    void invalidConfigIsRejectedWithItsLocationAndTheRunningOneStays() throws Exception {
        settled("rr1");
        String session = session("rr1");
        String good = Files.readString(config);
        writeConfig(good.replace("holdTime: 12", "holdTime: 2"));
        String reload = ctl("reload");
        assertTrue(reload.startsWith("2\n"), reload);
        assertTrue(reload.matches("(?s).*" + java.util.regex.Pattern.quote(config.toString()) + ":5:\\d+: \\S*holdTime must be 0 .*"), reload);
        writeConfig(good);
        Thread.sleep(1100);
        assertEquals(session, session("rr1"), "a rejected reload touches no session\n" + state());
        assertTrue(lab.established("rr1"), state());
        assertEquals("Established", peer("rr1").summary().state());
    }

    @Test
    @Order(6)
    void peerResetIsCountedAsCease6_4Sent() throws Exception {
        settled("rr1");
        assertTrue(ctl("peer", "reset", "rr1").startsWith("0\n"));
        waitFor("BIRD to report Cease 6/4", SESSION, () -> lab.birdLog().contains("rr1: Received: Administrative reset"), this::state);
        String series = "jbgpd_peer_notifications_total{address=\"192.0.2.11\",code=\"6\",direction=\"out\",peer=\"rr1\",subcode=\"4\"}";
        // Counted when the NOTIFICATION was written; the scrape reads the session's snapshot, which may lag.
        waitFor("the 6/4 counted in /metrics", SESSION, () -> Double.valueOf(1.0).equals(metrics().get(series)), () -> metrics().toString());
        waitFor("rr1 back", SESSION, () -> lab.established("rr1"), this::state);
    }

    @Test
    @Order(7)
    void announceChangesAreSentAsADiffWithoutTouchingTheSession() throws Exception {
        String extra = "198.51.100.0/26";
        settled("rr1");
        String session = session("rr1");
        announce = "[{prefix: " + ANNOUNCED + "}, {prefix: " + extra + "}]";
        writeConfig(configText("pods", 12, false));
        String reload = ctl("reload");
        assertTrue(reload.startsWith("0\nreloaded " + config + ": announce changed"), reload);
        waitFor("BIRD to learn the added prefix", SESSION, () -> lab.birdRoute(extra).contains(extra), this::state);

        announce = "[{prefix: " + ANNOUNCED + "}]";
        writeConfig(configText("pods", 12, false));
        assertTrue(ctl("reload").startsWith("0\n"));
        waitFor("BIRD to drop the removed prefix", SESSION, () -> !lab.birdRoute(extra).contains(extra), this::state);
        assertTrue(lab.birdRoute(ANNOUNCED).contains(ANNOUNCED), state());
        assertEquals(session, session("rr1"), "an announce change must not reset the session\n" + state());
        assertTrue(lab.established("rr1"), state());
    }

    @Test
    @Order(8)
    void plannedRestartKeepsOurRouteInBirdWhileWeAreAway() throws Exception {
        waitFor("BIRD to hold our announced prefix", SESSION, () -> lab.birdRoute(ANNOUNCED).contains(ANNOUNCED), this::state);
        long notificationsBefore = lab.birdLog().lines().filter(l -> l.contains("rr1: Received: ")).count();
        String stop = ctl("stop", "--graceful");
        assertTrue(stop.startsWith("0\njbgpd stopping for a planned restart"), stop);
        assertEquals(0, jbgpd.awaitExit(10_000), jbgpd.logText());
        waitFor("BIRD to see the session go", SESSION, () -> !lab.established("rr1"), this::state);
        assertEquals(notificationsBefore, lab.birdLog().lines().filter(l -> l.contains("rr1: Received: ")).count(),
                "no NOTIFICATION may reach BIRD\n" + lab.birdLog());
        // While jbgpd is away BIRD, as graceful restart helper, keeps our route (RFC 4724 §4.2).
        for (int i = 0; i < 10; i++) {
            assertTrue(lab.birdRoute(ANNOUNCED).contains(ANNOUNCED), "sample " + i + ": BIRD dropped our route\n" + state());
            Thread.sleep(300);
        }
        assertTrue(lab.kernelRoutes().contains(POD_BLOCK), "a planned restart keeps kernel routes even with keepOnExit: false\n" + state());

        // Back with our routes in the kernel, jbgpd is the restarting speaker: its OPEN carries R=1 and F=1, so
        // BIRD keeps the stale route through the new session until our End-of-RIB: no gap at any sample.
        jbgpd = new JbgpdLauncher(BirdPeerLab.GW, config, dir.resolve("jbgpd.log")).start();
        long end = System.nanoTime() + SESSION.toNanos();
        int sample = 0;
        while (!(lab.established("rr1") && jbgpd.logText().contains("INFO Daemon - jbgpd running"))) {
            assertTrue(System.nanoTime() < end, "rr1 not Established again\n" + state());
            assertTrue(lab.birdRoute(ANNOUNCED).contains(ANNOUNCED), "sample " + sample + " during the restart: BIRD dropped our route\n" + state());
            sample++;
        }
        for (int i = 0; i < 10; i++) {
            assertTrue(lab.birdRoute(ANNOUNCED).contains(ANNOUNCED), "after re-establishing: BIRD dropped our route\n" + state());
            Thread.sleep(300);
        }
    }

    @Test
    @Order(9)
    void sigtermSendsCease6_2AndExitsWithin5Seconds() throws Exception {
        waitFor("rr1 Established", SESSION, () -> lab.established("rr1"), this::state);
        jbgpd.signal("TERM");
        assertEquals(0, jbgpd.awaitExit(5_000), "exit 0 within 5 s of SIGTERM\n" + jbgpd.logText());
        waitFor("BIRD to report Cease 6/2", SESSION, () -> lab.birdLog().contains("rr1: Received: Administrative shutdown"), this::state);
        waitFor("BIRD to drop our route at once", Duration.ofSeconds(5), () -> !lab.birdRoute(ANNOUNCED).contains(ANNOUNCED), this::state);
        assertEquals("", lab.kernelRoutes(), "kernel.keepOnExit: false removes our routes on SIGTERM");
    }
}
