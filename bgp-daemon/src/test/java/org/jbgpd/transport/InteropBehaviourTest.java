package org.jbgpd.transport;

import org.jbgpd.session.DownReason;
import org.jbgpd.session.NotificationData;
import org.jbgpd.session.SessionState;
import org.jbgpd.testsupport.Privileges;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MD5, GTSM, collisions, NOTIFICATIONs both ways, hold timer, restart, garbage and dynamic neighbors, against real daemons. */
class InteropBehaviourTest {

    private static final InteropHarness.Kind BIRD16 = InteropHarness.Kind.BIRD16;

    private static PeerParameters peer(String address) {
        return PeerParameters.of("peer", IpAddress.parse(address), 64512).withTimers(3, 1, 1);
    }

    private static PeerDaemon.Config ibgp() {
        return new PeerDaemon.Config(64512, PeerLab.P_V4, PeerLab.P_V4, PeerLab.J_V4, 64512, null, 0, false);
    }

    @ParameterizedTest
    @EnumSource(InteropHarness.Kind.class)
    void md5WithTheRightKeyEstablishesAndWithAWrongOneDoesNot(InteropHarness.Kind kind) throws Exception {
        kind.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addPeer(peer(PeerLab.P_V4).withMd5Password("Calico-s3cret"));
            h.startDaemon(kind, ibgp().withPassword("wrong-key"));
            Await.sleep(4000);
            assertTrue(h.listener.established.isEmpty(), "wrong key must not establish: " + h.describe());
            h.daemon.close();
            // The peer dials, we only listen: the key on the dual-stack listener (v4-mapped form) must match.
            h.jbgpd.replacePeer(peer(PeerLab.P_V4).withMd5Password("Calico-s3cret").withPassive(true));
            h.startDaemon(kind, ibgp().withPassword("Calico-s3cret"));
            h.awaitEstablished("peer", 15_000);
            h.daemon.close();
            // We dial, the peer only listens: the key on our outgoing IPv4 socket must match.
            int before = h.listener.established.size();
            h.jbgpd.replacePeer(peer(PeerLab.P_V4).withMd5Password("Calico-s3cret"));
            h.startDaemon(kind, ibgp().withPassword("Calico-s3cret").withPassive(true));
            Await.until("Established on our connection", 15_000,
                    () -> h.listener.established.size() > before && h.daemon.established(), h::describe);
            assertTrue(h.jbgpd.snapshot("peer").remoteAddress().endsWith(":179"), "we dialled: " + h.describe());
        }
    }

    @ParameterizedTest
    @EnumSource(InteropHarness.Kind.class)
    void gtsmOneHopEstablishesAndAPeerTwoHopsAwayDoesNot(InteropHarness.Kind kind) throws Exception {
        kind.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addPeer(peer(PeerLab.P_V4).withTtlSecurity(1));
            h.startDaemon(kind, ibgp().withTtlSecurity(1));
            h.awaitEstablished("peer", 15_000);
        }
        try (InteropHarness h = new InteropHarness(true, 64512)) {
            PeerDaemon.Config far = new PeerDaemon.Config(64512, PeerLab.FAR_P_V4, PeerLab.FAR_P_V4, PeerLab.J_V4, 64512, null, 2, false);
            h.jbgpd.addPeer(peer(PeerLab.FAR_P_V4).withTtlSecurity(1)); // we allow one hop, the peer is two away
            h.startDaemon(kind, far);
            Await.sleep(5000);
            assertTrue(h.listener.established.isEmpty(), "TTL 254 must be dropped by GTSM: " + h.describe());
            assertFalse(h.daemon.established(), h.describe());
            h.jbgpd.removePeer("peer");
            h.jbgpd.addPeer(peer(PeerLab.FAR_P_V4).withTtlSecurity(2)); // control: allowing two hops works
            h.awaitEstablished("peer", 15_000);
        }
    }

    /**
     * GTSM holds from the first packet: with every peer on the listener using GTSM, a SYN from two hops away (TTL 63
     * on arrival) is dropped by the kernel, so the handshake never completes. With one peer without GTSM the listener
     * cannot filter, and the same connect completes (only the accepted socket then drops the peer's segments).
     */
    @Test
    void gtsmOnTheListenerDropsASynFromTooFarAway() throws Exception {
        Privileges.requireRoot();
        Privileges.requireProgram("ip", "apt-get install iproute2");
        try (InteropHarness h = new InteropHarness(true, 64512)) {
            h.jbgpd.addPeer(peer(PeerLab.FAR_P_V4).withTtlSecurity(1).withPassive(true));
            assertEquals(255, h.jbgpd.listenerMinimumTtl());
            assertFalse(tcpConnects(h.lab.p, PeerLab.FAR_P_V4, PeerLab.J_V4), "the SYN with TTL 63 must be dropped on the listener");
            assertEquals(0, h.jbgpd.snapshot("peer").session().received().open(), h.describe());
            h.jbgpd.addPeer(PeerParameters.of("plain", IpAddress.parse("192.0.2.9"), 64512).withPassive(true));
            assertEquals(0, h.jbgpd.listenerMinimumTtl(), "a peer without GTSM shares the listener");
            assertTrue(tcpConnects(h.lab.p, PeerLab.FAR_P_V4, PeerLab.J_V4), "control: without a listener minimum the handshake completes");
            h.jbgpd.removePeer("plain");
            assertEquals(255, h.jbgpd.listenerMinimumTtl());
            assertFalse(tcpConnects(h.lab.p, PeerLab.FAR_P_V4, PeerLab.J_V4));
        }
    }

    /** A plain TCP connect (default TTL 64) from {@code source} in namespace {@code ns} to port 179: true when it completes in 2 s. */
    private static boolean tcpConnects(String ns, String source, String target) throws Exception {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                PeerLab.enterNetns(ns);
                try (Socket s = new Socket()) {
                    s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
                    s.connect(new InetSocketAddress(InetAddress.getByName(target), 179), 2000);
                    result.complete(true);
                }
            } catch (java.net.SocketTimeoutException e) {
                result.complete(false);
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }, "tcp-connect");
        t.start();
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void md5AndGtsmOverIpv6WithBird2() throws Exception {
        InteropHarness.Kind.BIRD2.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addPeer(peer(PeerLab.P_V6).withMd5Password("v6-key").withTtlSecurity(1));
            h.startDaemon(InteropHarness.Kind.BIRD2,
                    new PeerDaemon.Config(64512, PeerLab.P_V4, PeerLab.P_V6, PeerLab.J_V6, 64512, "v6-key", 1, false));
            h.awaitEstablished("peer", 15_000);
            assertTrue(h.jbgpd.snapshot("peer").remoteAddress().startsWith("[2001:db8:2::2]:"), h.describe());
        }
    }

    @ParameterizedTest
    @EnumSource(InteropHarness.Kind.class)
    void peerDiallingWhileWeDialLeavesExactlyOneSession(InteropHarness.Kind kind) throws Exception {
        kind.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.startDaemon(kind, ibgp());
            Await.sleep(1500); // the peer is dialling (connect retry 1 s) before we even start
            h.jbgpd.addPeer(peer(PeerLab.P_V4));
            h.awaitEstablished("peer", 15_000);
            InteropEstablishTest.assertStaysUp(h);
        }
    }

    @ParameterizedTest
    @EnumSource(value = InteropHarness.Kind.class, names = {"BIRD16", "BIRD2"})
    void aNotificationFromThePeerIsTheDownReason(InteropHarness.Kind kind) throws Exception {
        kind.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addPeer(peer(PeerLab.P_V4));
            BirdDaemon bird = (BirdDaemon) h.startDaemon(kind, ibgp());
            h.awaitEstablished("peer", 15_000);
            bird.disable();
            Await.until("session down", 5000, () -> !h.listener.downs.isEmpty(), h::describe);
            DownReason r = h.listener.downs.getFirst().reason();
            assertEquals(DownReason.Kind.NOTIFICATION_RECEIVED, r.kind(), r.describe());
            assertEquals(NotificationData.CEASE, r.notification().code());
            assertEquals(NotificationData.ADMIN_SHUTDOWN, r.notification().subcode());
            assertFalse(h.listener.downs.getFirst().graceful(), "a NOTIFICATION ends graceful restart");
            assertEquals(r, h.jbgpd.snapshot("peer").session().lastError());
        }
    }

    @ParameterizedTest
    @EnumSource(InteropHarness.Kind.class)
    void ourShutdownMessageShowsInThePeersStatus(InteropHarness.Kind kind) throws Exception {
        kind.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addPeer(peer(PeerLab.P_V4));
            h.startDaemon(kind, ibgp());
            h.awaitEstablished("peer", 15_000);
            assertTrue(h.jbgpd.shutdownPeer("peer", "rack 7 maintenance"));
            Await.until("the peer shows our message", 5000, () -> h.daemon.showsShutdownMessage("rack 7 maintenance"), h::describe);
            assertEquals(SessionState.IDLE, h.state("peer"));
        }
    }

    @ParameterizedTest
    @EnumSource(InteropHarness.Kind.class)
    void aFrozenPeerExpiresOurHoldTimerAndARestartedOneComesBack(InteropHarness.Kind kind) throws Exception {
        kind.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addPeer(peer(PeerLab.P_V4));
            PeerDaemon d = h.startDaemon(kind, ibgp());
            h.awaitEstablished("peer", 15_000);
            long frozenAt = System.nanoTime();
            h.lab.signal(d.process(), "STOP");
            try {
                Await.until("hold timer expiry", 6000, () -> !h.listener.downs.isEmpty(), h::describe);
                long millis = (System.nanoTime() - frozenAt) / 1_000_000;
                DownReason r = h.listener.downs.getFirst().reason();
                assertEquals(NotificationData.of(4, 0), r.notification(), r.describe());
                assertEquals(DownReason.Kind.NOTIFICATION_SENT, r.kind());
                assertTrue(millis <= 4000, "hold time 3 s + 1 s, took " + millis + " ms");
            } finally {
                h.lab.signal(d.process(), "CONT");
            }
            d.close();
            int before = h.listener.established.size();
            long restartAt = System.nanoTime();
            h.startDaemon(kind, ibgp());
            Await.until("re-established after restart", 10_000, () -> h.listener.established.size() > before, h::describe);
            long millis = (System.nanoTime() - restartAt) / 1_000_000;
            assertTrue(millis <= 3000, "connect retry 1 s + 2 s, took " + millis + " ms");
        }
    }

    @ParameterizedTest
    @EnumSource(value = InteropHarness.Kind.class, names = {"BIRD16", "BIRD2"})
    void aCrashedGracefulRestartPeerIsDownGracefullyWithItsRestartTime(InteropHarness.Kind kind) throws Exception {
        kind.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addPeer(peer(PeerLab.P_V4));
            BirdDaemon bird = (BirdDaemon) kind.create(h.lab, ibgp());
            bird.gracefulRestart();
            h.daemon = bird;
            bird.start();
            h.awaitEstablished("peer", 15_000);
            assertEquals(120, h.listener.established.getFirst().peerGracefulRestart().restartTimeSeconds(), h.describe());
            h.lab.signal(bird.process(), "KILL"); // no NOTIFICATION: the kernel closes the socket
            Await.until("session down", 6000, () -> !h.listener.downs.isEmpty(), h::describe);
            assertTrue(h.listener.downs.getFirst().graceful(), "routes are kept as stale: " + h.listener.downs);
            assertEquals(DownReason.Kind.CONNECTION_CLOSED, h.listener.downs.getFirst().reason().kind());
            assertEquals(120, h.listener.downs.getFirst().restartTimeSeconds());
        }
    }

    /**
     * RFC 8538 against FRR (8.4 sets the N bit by default): our hold timer expiry sends a plain 4/0 and keeps FRR's
     * routes as stale (graceful down with FRR's restart time), and an administrative shutdown goes out as a Hard
     * Reset that FRR unwraps, still showing the RFC 9003 message.
     */
    @Test
    void notificationGracefulRestartWithFrr() throws Exception {
        InteropHarness.Kind.FRR.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addPeer(peer(PeerLab.P_V4));
            PeerDaemon d = h.startDaemon(InteropHarness.Kind.FRR, ibgp());
            h.awaitEstablished("peer", 15_000);
            assertTrue(h.listener.established.getFirst().gracefulNotification(), "FRR sets the N bit: " + h.describe());
            h.lab.signal(d.process(), "STOP");
            try {
                Await.until("hold timer expiry", 6000, () -> !h.listener.downs.isEmpty(), h::describe);
            } finally {
                h.lab.signal(d.process(), "CONT");
            }
            RecordingListener.Down down = h.listener.downs.getFirst();
            assertEquals(NotificationData.of(4, 0), down.reason().notification(), "a plain 4/0, not a Hard Reset");
            assertTrue(down.graceful(), "RFC 8538: FRR's routes are kept as stale");
            assertEquals(120, down.restartTimeSeconds());
            Await.until("re-established", 15_000, () -> h.listener.established.size() >= 2 && h.daemon.established(), h::describe);
            assertTrue(h.jbgpd.shutdownPeer("peer", "rack 9 maintenance"));
            Await.until("FRR shows our message", 5000, () -> h.daemon.showsShutdownMessage("rack 9 maintenance"), h::describe);
            String frr = h.daemon.status();
            assertTrue(frr.contains("Hard Reset") || frr.contains("\"lastNotificationHardReset\":true"), "FRR saw a Hard Reset: " + frr);
        }
    }

    /**
     * A planned restart (RFC 4724 §4.1, restarting speaker): jbgpd closes without a NOTIFICATION, BIRD 2 keeps our
     * route as stale, and the restarted jbgpd's OPEN carries the Restart State and forwarding-preserved bits, so BIRD
     * keeps the route across the new session until our End-of-RIB, which then flushes it because we did not
     * announce it again. The control run shows the bits matter: a fresh start (F bits clear) makes BIRD flush at once.
     */
    @Test
    void aPlannedRestartKeepsOurRoutesAtBird2UntilOurEndOfRib() throws Exception {
        InteropHarness.Kind.BIRD2.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addPeer(peer(PeerLab.P_V4));
            BirdDaemon bird = (BirdDaemon) InteropHarness.Kind.BIRD2.create(h.lab, ibgp());
            bird.gracefulRestart();
            h.daemon = bird;
            bird.start();
            h.awaitEstablished("peer", 15_000);
            announceOurRoute(h.listener.handles.getFirst());
            Await.until("our route at BIRD", 5000, () -> bird.showRoute("203.0.113.0/24").contains(PeerLab.J_V4), h::describe);

            h.jbgpd.close(false);
            assertTrue(restartAndSeeRouteKept(h, bird, true), "restarting: BIRD keeps our route until our End-of-RIB");
            assertFalse(restartAndSeeRouteKept(h, bird, false), "control: a fresh start (F bits clear) makes BIRD flush it");
        }
    }

    private static void announceOurRoute(org.jbgpd.session.SessionHandle handle) {
        org.jbgpd.wire.PathAttributes ours = org.jbgpd.wire.PathAttributes.builder().origin(org.jbgpd.wire.Origin.IGP)
                .asPath(org.jbgpd.wire.AsPath.EMPTY).nextHop(IpAddress.parse(PeerLab.J_V4)).localPref(100).build();
        assertTrue(handle.send(java.util.List.of(org.jbgpd.wire.Update.announce(ours, org.jbgpd.wire.PrefixBatch.of(
                org.jbgpd.wire.Family.IPV4_UNICAST, java.util.List.of(IpPrefix.parse("203.0.113.0/24")))))));
        assertTrue(handle.sendEndOfRib(org.jbgpd.wire.Family.IPV4_UNICAST));
    }

    /**
     * Starts a new jbgpd (as after a restart) in the lab, waits for the session, and tells whether BIRD still has our
     * route 2 s into it, before our End-of-RIB. Then sends End-of-RIB without the route (BIRD must drop it), announces
     * it again for the next round, and closes without a NOTIFICATION.
     */
    private static boolean restartAndSeeRouteKept(InteropHarness h, BirdDaemon bird, boolean restarting) throws Exception {
        Await.until("BIRD keeps our stale route after our close", 5000, () -> bird.showRoute("203.0.113.0/24").contains(PeerLab.J_V4),
                h::describe);
        RecordingListener l = new RecordingListener();
        BgpTransport t = BgpTransport.start(new SpeakerParameters(64512, IpAddress.parse(PeerLab.J_V4), IpAddress.parse("::"), 179, restarting),
                l, h.lab.jbgpdThreads());
        try {
            t.addPeer(peer(PeerLab.P_V4));
            Await.until("re-established", 15_000, () -> !l.established.isEmpty() && bird.established(), () -> t.snapshots() + bird.status());
            Await.sleep(2000);
            boolean kept = bird.showRoute("203.0.113.0/24").contains(PeerLab.J_V4);
            if (kept) {
                assertTrue(l.handles.getFirst().sendEndOfRib(org.jbgpd.wire.Family.IPV4_UNICAST));
                Await.until("our End-of-RIB flushes the stale route", 5000, () -> !bird.showRoute("203.0.113.0/24").contains(PeerLab.J_V4),
                        bird::status);
            }
            announceOurRoute(l.handles.getFirst());
            Await.until("announced again", 5000, () -> bird.showRoute("203.0.113.0/24").contains(PeerLab.J_V4), bird::status);
            return kept;
        } finally {
            t.close(false);
        }
    }

    @Test
    void garbageGetsANotificationAndOtherSessionsStayUp() throws Exception {
        BIRD16.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            PeerLab.run("ip", "-n", h.lab.p, "addr", "add", "192.0.2.3/24", "dev", "sp" + h.lab.p.split("-")[3]);
            h.jbgpd.addPeer(peer(PeerLab.P_V4));
            h.jbgpd.addPeer(PeerParameters.of("junk", IpAddress.parse("192.0.2.3"), 64512).withPassive(true));
            h.startDaemon(BIRD16, ibgp());
            h.awaitEstablished("peer", 15_000);
            int[] codes = rawClient(h.lab.p, "192.0.2.3", new byte[19]).get(10, TimeUnit.SECONDS); // zero marker
            assertEquals(1, codes[0], "Message Header Error");
            assertEquals(1, codes[1], "Connection Not Synchronized");
            assertEquals(NotificationData.of(1, 1), h.jbgpd.snapshot("junk").session().lastError().notification());
            int peers = h.jbgpd.snapshots().size();
            int[] refused = rawClient(h.lab.p, "192.0.2.4", new byte[0]).get(10, TimeUnit.SECONDS); // not a peer
            assertEquals(-1, refused[0], "an unknown address is closed without a word");
            assertEquals(peers, h.jbgpd.snapshots().size(), "and leaves no state behind");
            Await.sleep(1500);
            assertEquals(1, h.jbgpd.snapshot("peer").session().establishedTransitions(), h.describe());
            assertEquals(SessionState.ESTABLISHED, h.state("peer"));
        }
    }

    /**
     * RFC 9687 on a real socket: a raw peer completes OPEN/KEEPALIVE (hold time 0, so it owes us nothing) and then
     * never reads. We push UPDATEs at it until our socket and Netty's buffer fill; the send hold timer (2 s here)
     * ends the session with 8/0, the socket is reset rather than left flushing forever, and the BIRD session beside
     * it never notices.
     */
    @Test
    void aPeerThatStopsReadingIsClosedBySendHoldTimerAndOthersStayUp() throws Exception {
        BIRD16.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            PeerLab.run("ip", "-n", h.lab.p, "addr", "add", "192.0.2.3/24", "dev", "sp" + h.lab.p.split("-")[3]);
            // The bystander gets a 9 s hold time, not the 3 s of the other tests: the one event loop encodes up to 10 MB
            // of UPDATEs for the slow peer, and at load 25 on two cores that CPU work kept it from sending the BIRD
            // session's KEEPALIVEs for more than 3 s (two CI runs on 2026-12-01: 2 KEEPALIVEs sent in ~5 s, then BIRD's
            // 4/0, 0.1 s after our 8/0 to the slow peer). We read that as the loop starved of CPU rather than blocked
            // by the slow socket (the send hold timer on the same loop fired, and writes are non-blocking); not proven.
            // Both sides must offer 9 s: the smaller hold time wins (RFC 4271 §4.2), and with BIRD left at 3 s the
            // session ran on 3 s and failed the same way at load 15 (CI run 2026-12-02 03:45, "hold 3 s" in its log).
            // What this test proves stays: a peer that stops reading cannot take the others down.
            h.jbgpd.addPeer(PeerParameters.of("peer", IpAddress.parse(PeerLab.P_V4), 64512).withTimers(9, 3, 1));
            h.jbgpd.addPeer(PeerParameters.of("slow", IpAddress.parse("192.0.2.3"), 64512).withPassive(true).withSendHoldTime(2));
            BirdDaemon bird = (BirdDaemon) BIRD16.create(h.lab, ibgp());
            bird.holdTime(9);
            h.daemon = bird;
            bird.start();
            h.awaitEstablished("peer", 15_000);
            assertEquals(9, h.listener.established.getFirst().holdTimeSeconds(), "the bystander's negotiated hold time");
            try (Socket slow = openAndStopReading(h.lab.p, "192.0.2.3")) {
                Await.until("slow peer Established", 5000, () -> h.state("slow") == SessionState.ESTABLISHED, h::describe);
                org.jbgpd.session.SessionHandle handle = h.listener.handles.stream()
                        .filter(x -> x.peer().name().equals("slow")).findFirst().orElseThrow();
                java.util.List<IpPrefix> prefixes = new java.util.ArrayList<>();
                for (int i = 0; i < 500; i++) prefixes.add(IpPrefix.parse("10.20." + (i / 256) + "." + (i % 256) + "/32"));
                org.jbgpd.wire.Update update = org.jbgpd.wire.Update.announce(org.jbgpd.wire.PathAttributes.builder()
                        .origin(org.jbgpd.wire.Origin.IGP).asPath(org.jbgpd.wire.AsPath.EMPTY).nextHop(IpAddress.parse(PeerLab.J_V4))
                        .localPref(100).build(), org.jbgpd.wire.PrefixBatch.of(org.jbgpd.wire.Family.IPV4_UNICAST, prefixes));
                long start = System.nanoTime();
                int batches = 0;
                while (handle.isOpen() && batches < 40 && h.listener.downs.isEmpty()) { // 40 x 100 x ~2.5 kB = 10 MB at most
                    handle.send(java.util.Collections.nCopies(100, update));
                    batches++;
                    Await.sleep(50);
                }
                Await.until("send hold timer expiry", 15_000, () -> !h.listener.downs.isEmpty(), h::describe);
                long millis = (System.nanoTime() - start) / 1_000_000;
                RecordingListener.Down down = h.listener.downs.getFirst();
                assertEquals("slow", down.peer().name());
                assertEquals(DownReason.Kind.NOTIFICATION_SENT, down.reason().kind(), down.reason().describe());
                assertEquals(NotificationData.of(NotificationData.SEND_HOLD_TIMER_EXPIRED, 0), down.reason().notification());
                System.out.println("send hold: 8/0 after " + millis + " ms and " + batches + " batches of 100 UPDATEs");
                Await.until("our socket to the slow peer is gone", 8000, () -> !PeerLab.run("ip", "netns", "exec", h.lab.j, "ss", "-Htn")
                        .contains("192.0.2.3:"), () -> PeerLab.run("ip", "netns", "exec", h.lab.j, "ss", "-tn"));
            }
            assertEquals(1, h.listener.downs.size(), h.describe());
            assertEquals(1, h.jbgpd.snapshot("peer").session().establishedTransitions(), h.describe());
            assertEquals(SessionState.ESTABLISHED, h.state("peer"));
            assertTrue(h.daemon.established(), h.describe());
        }
    }

    /**
     * From {@code source} in namespace {@code ns}: connect to jbgpd with a tiny receive buffer, send an OPEN (AS 64512,
     * hold time 0, no capabilities), read jbgpd's OPEN and KEEPALIVE, confirm with a KEEPALIVE, and never read again.
     */
    private static Socket openAndStopReading(String ns, String source) throws Exception {
        CompletableFuture<Socket> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                PeerLab.enterNetns(ns);
                Socket s = new Socket();
                s.setReceiveBufferSize(4096);
                s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
                s.connect(new InetSocketAddress(InetAddress.getByName(PeerLab.J_V4), 179), 3000);
                s.setSoTimeout(5000);
                byte[] ip = InetAddress.getByName(source).getAddress();
                byte[] open = new byte[29];
                java.util.Arrays.fill(open, 0, 16, (byte) 0xff);
                open[17] = 29;
                open[18] = 1;
                open[19] = 4;
                open[20] = (byte) (64512 >> 8);
                open[21] = (byte) 64512;
                System.arraycopy(ip, 0, open, 24, 4);
                OutputStream out = s.getOutputStream();
                out.write(open);
                DataInputStream in = new DataInputStream(s.getInputStream());
                int type;
                do {
                    byte[] header = new byte[19];
                    in.readFully(header);
                    in.readFully(new byte[(((header[16] & 0xff) << 8) | (header[17] & 0xff)) - 19]);
                    type = header[18];
                } while (type != 4);
                byte[] keepalive = new byte[19];
                java.util.Arrays.fill(keepalive, 0, 16, (byte) 0xff);
                keepalive[17] = 19;
                keepalive[18] = 4;
                out.write(keepalive);
                out.flush();
                result.complete(s);
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }, "slow-peer");
        t.start();
        return result.get(15, TimeUnit.SECONDS);
    }

    @Test
    void dynamicNeighborsComeAndGo() throws Exception {
        BIRD16.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addNeighborRange(new NeighborRange("calico-nodes", IpPrefix.parse("192.0.2.0/24"),
                    PeerParameters.of("template", IpAddress.parse("192.0.2.0"), 64512).withTimers(3, 1, 1).withMd5Password("range-key")));
            h.startDaemon(BIRD16, ibgp().withPassword("range-key"));
            String name = "calico-nodes/" + PeerLab.P_V4;
            Await.until("dynamic neighbor Established", 15_000,
                    () -> h.state(name) == SessionState.ESTABLISHED && h.daemon.established(), h::describe);
            assertTrue(h.jbgpd.snapshot(name).peer().dynamic());
            h.daemon.close();
            Await.until("dynamic neighbor removed", 5000, () -> h.jbgpd.snapshot(name) == null, h::describe);
            assertEquals(1, h.listener.downs.size());
            assertTrue(h.jbgpd.snapshots().isEmpty());
        }
    }

    /**
     * Connects from {@code source} inside namespace {@code ns} to jbgpd, writes {@code bytes}, and returns the code and
     * subcode of the first NOTIFICATION that comes back, or {-1, -1} when the connection closes without one.
     */
    private static CompletableFuture<int[]> rawClient(String ns, String source, byte[] bytes) {
        CompletableFuture<int[]> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                PeerLab.enterNetns(ns);
                try (Socket s = new Socket()) {
                    s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
                    s.connect(new InetSocketAddress(InetAddress.getByName(PeerLab.J_V4), 179), 3000);
                    s.setSoTimeout(5000);
                    OutputStream out = s.getOutputStream();
                    out.write(bytes);
                    out.flush();
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    while (true) {
                        byte[] header = new byte[19];
                        in.readFully(header);
                        int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
                        byte[] body = new byte[length - 19];
                        in.readFully(body);
                        if (header[18] == 3) {
                            result.complete(new int[] {body[0] & 0xff, body[1] & 0xff});
                            return;
                        }
                    }
                }
            } catch (java.io.EOFException | java.net.SocketException e) {
                result.complete(new int[] {-1, -1});
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }, "raw-client");
        t.start();
        return result;
    }
}
