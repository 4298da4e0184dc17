package org.jbgpd.transport;

import org.jbgpd.session.DownReason;
import org.jbgpd.session.Negotiated;
import org.jbgpd.session.NotificationData;
import org.jbgpd.session.SessionState;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions with real BIRD 1.6, BIRD 2, FRR and GoBGP in network namespaces reach Established and stay up across
 * several keepalive intervals (hold 3 s, keepalive 1 s): iBGP over IPv4, and eBGP with a 4-octet AS over IPv6.
 */
class InteropEstablishTest {

    private static PeerParameters jbgpdPeer(String address, long as) {
        return PeerParameters.of("peer", IpAddress.parse(address), as).withTimers(3, 1, 1);
    }

    /**
     * The one session stays up longer than its hold time from the moment it is Established, including through a
     * simultaneous start (both sides dial within a second): it was Established exactly once and never dropped,
     * keepalives flow both ways, and one TCP connection carries it.
     * <p>One exception, for BIRD 1.6 only and only as BIRD's own act: right after the start it can end the session
     * with a bare Cease 6/0 (bird6 over IPv6, seen in 2 of about 5 runs, jbgpd sending nothing but collision Ceases;
     * ADR 0050). Its cause, caught in BIRD's trace on 2026-12-01: "Missing link local address on interface" at start,
     * then "Neighbor lost" right after Established: the veth's link-local address came out of duplicate address
     * detection a moment later and bird6 re-evaluated its neighbor (bgp_stop(p, 0)), with or without a collision.
     * PeerLab now creates its namespaces without DAD, which should end it; the tolerance stays until runs show that
     * (BIRD's log is printed whenever it is used). From the re-established session on everything is as strict as for
     * the others.
     */
    static void assertStaysUp(InteropHarness h) {
        Await.sleep(3500);
        int expectedTransitions = 1;
        if (!h.listener.downs.isEmpty() && h.daemon instanceof BirdDaemon b && b.name().equals("BIRD 1.6")) {
            RecordingListener.Down d = h.listener.downs.getFirst();
            assertEquals(1, h.listener.downs.size(), h.describe());
            assertEquals(DownReason.Kind.NOTIFICATION_RECEIVED, d.reason().kind(), "only BIRD 1.6's own Cease is tolerated: " + h.describe());
            assertEquals(NotificationData.CEASE, d.reason().notification().code(), h.describe());
            assertTrue(h.jbgpd.snapshot("peer").session().notifications().stream().noneMatch(n -> n.sent() && n.subcode() != NotificationData.CONNECTION_COLLISION),
                    "jbgpd sent nothing but collision Ceases: " + h.describe());
            System.out.println("BIRD 1.6 ended the first session with " + d.reason().describe() + "; checking the second. BIRD's log:\n"
                    + h.daemon.log());
            h.listener.downs.clear();
            h.listener.established.removeFirst();
            expectedTransitions = 2;
            // BIRD waits its error wait time (1-2 s) before it dials again: wait for the new session, then watch it.
            h.awaitEstablished("peer", 30_000);
            Await.sleep(3500);
        }
        PeerSnapshot s = h.jbgpd.snapshot("peer");
        assertEquals(SessionState.ESTABLISHED, s.session().state(), h.describe());
        assertTrue(h.daemon.established(), h.describe());
        assertEquals(expectedTransitions, s.session().establishedTransitions(), "Established once, never dropped: " + h.describe());
        assertEquals(0, h.listener.downs.size(), h.describe());
        assertEquals(1, h.listener.established.size(), h.describe());
        assertTrue(s.session().received().keepalive() >= 3, h.describe());
        assertEquals(1, establishedBgpConnections(h), PeerLab.run("ip", "netns", "exec", h.lab.j, "ss", "-tn"));
    }

    static long establishedBgpConnections(InteropHarness h) {
        String out = PeerLab.run("ip", "netns", "exec", h.lab.j, "ss", "-Htn", "state", "established");
        return out.lines().filter(l -> l.contains(":179")).count();
    }

    @ParameterizedTest
    @EnumSource(InteropHarness.Kind.class)
    void ibgpOverIpv4(InteropHarness.Kind kind) throws Exception {
        kind.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addPeer(jbgpdPeer(PeerLab.P_V4, 64512));
            h.startDaemon(kind, new PeerDaemon.Config(64512, PeerLab.P_V4, PeerLab.P_V4, PeerLab.J_V4, 64512, null, 0, false));
            h.awaitEstablished("peer", 15_000);
            Negotiated n = h.listener.established.getFirst();
            assertEquals(64512, n.peerAs());
            assertTrue(n.families().contains(Family.IPV4_UNICAST), n.toString());
            assertEquals(3, n.holdTimeSeconds());
            assertStaysUp(h);
        }
    }

    @ParameterizedTest
    @EnumSource(InteropHarness.Kind.class)
    void ebgpWithFourOctetAsOverIpv6(InteropHarness.Kind kind) throws Exception {
        kind.require();
        try (InteropHarness h = new InteropHarness(false, 4200000001L)) {
            h.jbgpd.addPeer(jbgpdPeer(PeerLab.P_V6, 4200000002L));
            h.startDaemon(kind, new PeerDaemon.Config(4200000002L, PeerLab.P_V4, PeerLab.P_V6, PeerLab.J_V6, 4200000001L, null, 0, false));
            h.awaitEstablished("peer", 15_000);
            Negotiated n = h.listener.established.getFirst();
            assertEquals(4200000002L, n.peerAs());
            assertTrue(n.fourOctetAs());
            assertTrue(n.families().contains(Family.IPV6_UNICAST), n.toString());
            assertStaysUp(h);
        }
    }

    @ParameterizedTest
    @EnumSource(InteropHarness.Kind.class)
    void ebgpOverIpv4(InteropHarness.Kind kind) throws Exception {
        kind.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addPeer(jbgpdPeer(PeerLab.P_V4, 65001));
            h.startDaemon(kind, new PeerDaemon.Config(65001, PeerLab.P_V4, PeerLab.P_V4, PeerLab.J_V4, 64512, null, 0, false));
            h.awaitEstablished("peer", 15_000);
            assertEquals(65001, h.listener.established.getFirst().peerAs());
            assertStaysUp(h);
        }
    }

    @ParameterizedTest
    @EnumSource(InteropHarness.Kind.class)
    void ibgpOverIpv6(InteropHarness.Kind kind) throws Exception {
        kind.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addPeer(jbgpdPeer(PeerLab.P_V6, 64512));
            h.startDaemon(kind, new PeerDaemon.Config(64512, PeerLab.P_V4, PeerLab.P_V6, PeerLab.J_V6, 64512, null, 0, false));
            h.awaitEstablished("peer", 15_000);
            assertTrue(h.listener.established.getFirst().families().contains(Family.IPV6_UNICAST));
            assertStaysUp(h);
        }
    }
}
