package org.jbgpd.transport;

import org.jbgpd.session.DownReason;
import org.jbgpd.session.NotificationData;
import org.jbgpd.session.SessionState;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.Origin;
import org.jbgpd.wire.PathAttributes;
import org.jbgpd.wire.PrefixBatch;
import org.jbgpd.wire.Update;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two jbgpd transports talking over real TCP on loopback (127.0.0.1 and 127.0.0.2, high ports): no root needed.
 */
class LoopbackSessionTest {

    private static final IpAddress A = IpAddress.parse("127.0.0.1");
    private static final IpAddress B = IpAddress.parse("127.0.0.2");

    private final List<BgpTransport> started = new ArrayList<>();
    private final RecordingListener la = new RecordingListener();
    private final RecordingListener lb = new RecordingListener();

    @AfterEach
    void stop() {
        for (BgpTransport t : started) t.close();
    }

    private BgpTransport speaker(IpAddress addr, long as, RecordingListener l) throws IOException {
        BgpTransport t = BgpTransport.start(new SpeakerParameters(as, addr, addr, 0), l);
        started.add(t);
        return t;
    }

    private static PeerParameters peer(String name, IpAddress addr, int port, long as, IpAddress source) {
        return PeerParameters.of(name, addr, as).withPort(port).withTimers(3, 1, 1).withSourceAddress(source);
    }

    /** The two speakers of a test: a on 127.0.0.1, b on 127.0.0.2. */
    private record Pair(BgpTransport a, BgpTransport b) {}

    /**
     * The setup most tests share: a (AS 64512) dials b (AS {@code bAs}), b only listens; returns once both sides
     * are Established (a session b still holds in OpenConfirm would end without a down() on b).
     */
    private Pair establishedPair(long bAs) throws Exception {
        BgpTransport a = speaker(A, 64512, la);
        BgpTransport b = speaker(B, bAs, lb);
        a.addPeer(peer("b", B, b.localPort(), bAs, A));
        b.addPeer(peer("a", A, a.localPort(), 64512, B).withPassive(true));
        Await.until("Established on both", 10_000, () -> la.established.size() == 1 && lb.established.size() == 1, () -> states(a, b));
        return new Pair(a, b);
    }

    private static String states(BgpTransport... ts) {
        StringBuilder sb = new StringBuilder();
        for (BgpTransport t : ts) sb.append(t.snapshots()).append('\n');
        return sb.toString();
    }

    @Test
    void bothDialTheOtherAndExactlyOneSessionSurvivesAndStaysUp() throws Exception {
        BgpTransport a = speaker(A, 64512, la);
        BgpTransport b = speaker(B, 64512, lb);
        a.addPeer(peer("b", B, b.localPort(), 64512, A));
        b.addPeer(peer("a", A, a.localPort(), 64512, B));
        Await.until("both Established", 10_000, () -> a.snapshot("b").session().state() == SessionState.ESTABLISHED
                && b.snapshot("a").session().state() == SessionState.ESTABLISHED, () -> states(a, b));
        Await.sleep(3500); // several keepalive intervals, more than one hold time
        assertEquals(SessionState.ESTABLISHED, a.snapshot("b").session().state(), states(a, b));
        assertEquals(1, a.snapshot("b").session().establishedTransitions(), "one session, never dropped: " + states(a, b));
        assertEquals(1, b.snapshot("a").session().establishedTransitions());
        assertTrue(a.snapshot("b").session().received().keepalive() >= 3);
        assertEquals(1, la.established.size());
        assertEquals(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), la.established.getFirst().families());
        assertTrue(la.established.getFirst().fourOctetAs());
        assertEquals(Set.of(), la.established.getFirst().addPathReceive(), "neither side offers to send several paths");
        assertTrue(la.downs.isEmpty());
    }

    /**
     * Back-pressure (ADR 0087): while we deliberately stop reading, the peer's KEEPALIVEs wait unread in our socket.
     * A pause three hold times long must not drop the session, our own KEEPALIVEs and UPDATEs must keep reaching the
     * peer meanwhile, and what the peer sent arrives once we read again.
     */
    @Test
    void aSessionWePauseOutlivesItsHoldTimeAndKeepsSending() throws Exception {
        Pair p = establishedPair(64512);
        BgpTransport a = p.a(), b = p.b();
        la.handles.getFirst().setReading(false);
        Await.sleep(200); // the pause is applied on a's event loop
        long keepalivesBefore = a.snapshot("b").session().received().keepalive();
        PathAttributes attrs = PathAttributes.builder().origin(Origin.IGP).asPath(AsPath.EMPTY).nextHop(A).localPref(100).build();
        assertTrue(lb.handles.getFirst().send(List.of(Update.announce(attrs.toBuilder().nextHop(B).build(),
                PrefixBatch.of(Family.IPV4_UNICAST, List.of(IpPrefix.parse("198.51.100.0/25"))))))); // waits in a's socket
        assertTrue(la.handles.getFirst().send(List.of(Update.announce(attrs,
                PrefixBatch.of(Family.IPV4_UNICAST, List.of(IpPrefix.parse("203.0.113.0/24"))))))); // must go out now

        Await.sleep(9_500); // more than three 3 s hold times
        assertEquals(1, a.snapshot("b").session().establishedTransitions(), "our own pause dropped the session: " + states(a, b));
        assertEquals(SessionState.ESTABLISHED, a.snapshot("b").session().state(), states(a, b));
        assertEquals(SessionState.ESTABLISHED, b.snapshot("a").session().state(), states(a, b));
        assertEquals(keepalivesBefore, a.snapshot("b").session().received().keepalive(), "a read while paused");
        assertTrue(la.updates.isEmpty(), "a read while paused");
        assertEquals(1, lb.updates.size(), "a's UPDATE reached b during the pause: " + states(a, b));
        assertTrue(b.snapshot("a").session().received().keepalive() >= 5, "a's KEEPALIVEs kept flowing: " + states(a, b));

        la.handles.getFirst().setReading(true);
        Await.until("b's UPDATE and KEEPALIVEs read after the pause", 5_000,
                () -> la.updates.size() == 1 && a.snapshot("b").session().received().keepalive() > keepalivesBefore + 5, () -> states(a, b));
        Await.sleep(4_000); // another hold time after the resume: the peer is heard again, so nothing expires
        assertEquals(1, a.snapshot("b").session().establishedTransitions(), "never dropped: " + states(a, b));
        assertEquals(1, b.snapshot("a").session().establishedTransitions(), states(a, b));
        assertTrue(la.downs.isEmpty() && lb.downs.isEmpty(), states(a, b));
    }

    @Test
    void adminShutdownReachesThePeerWithItsMessage() throws Exception {
        Pair p = establishedPair(4200000001L);
        BgpTransport a = p.a(), b = p.b();
        assertEquals(4200000001L, la.established.getFirst().peerAs());
        assertTrue(a.shutdownPeer("b", "maintenance window 42"));
        Await.until("b sees the session down", 5000, () -> !lb.downs.isEmpty(), () -> states(a, b));
        DownReason r = lb.downs.getFirst().reason();
        assertEquals(DownReason.Kind.NOTIFICATION_RECEIVED, r.kind());
        // Both jbgpds set the RFC 8538 N bit, so the shutdown travels inside a Hard Reset and b withdraws.
        assertEquals(NotificationData.hardReset(NotificationData.ceaseWithMessage(NotificationData.ADMIN_SHUTDOWN, "maintenance window 42")),
                r.notification());
        assertFalse(lb.downs.getFirst().graceful(), "a Hard Reset is never graceful");
        assertEquals("maintenance window 42", b.snapshot("a").session().lastError().notification().shutdownMessage());
        Await.sleep(2500); // a stays down although b would accept
        assertEquals(SessionState.IDLE, a.snapshot("b").session().state());
        assertTrue(a.enablePeer("b"));
        Await.until("re-established", 10_000, () -> la.established.size() == 2, () -> states(a, b));
    }

    @Test
    void wrongAsIsRefusedWithBadPeerAs() throws Exception {
        BgpTransport a = speaker(A, 64512, la);
        BgpTransport b = speaker(B, 64513, lb);
        a.addPeer(peer("b", B, b.localPort(), 65000, A)); // b is really 64513
        b.addPeer(peer("a", A, a.localPort(), 64512, B).withPassive(true));
        Await.until("b receives 2/2", 10_000, () -> {
            var e = b.snapshot("a").session().lastError();
            return e != null && e.notification() != null && e.notification().code() == 2 && e.notification().subcode() == 2;
        }, () -> states(a, b));
        assertFalse(a.snapshot("b").session().state() == SessionState.ESTABLISHED);
    }

    @Test
    void md5KeysMustMatch() throws Exception {
        BgpTransport a = speaker(A, 64512, la);
        BgpTransport b = speaker(B, 64512, lb);
        a.addPeer(peer("b", B, b.localPort(), 64512, A).withMd5Password("s3cret"));
        b.addPeer(peer("a", A, a.localPort(), 64512, B).withMd5Password("other").withPassive(true));
        Await.sleep(3000);
        assertTrue(la.established.isEmpty(), "mismatched keys must not establish: " + states(a, b));
        b.removePeer("a");
        b.addPeer(peer("a", A, a.localPort(), 64512, B).withMd5Password("s3cret").withPassive(true));
        Await.until("Established with matching keys", 10_000, () -> la.established.size() == 1, () -> states(a, b));
    }

    @Test
    void replacingAPeerSendsOtherConfigurationChangeAndComesBackWithTheNewParameters() throws Exception {
        Pair p = establishedPair(64512);
        BgpTransport a = p.a(), b = p.b();
        assertEquals(A, la.handles.getFirst().localAddress());
        assertEquals(B, lb.handles.getFirst().localAddress());
        a.replacePeer(peer("b", B, b.localPort(), 64512, A).withTimers(6, 2, 1));
        Await.until("re-established, b saw the old one end", 10_000, () -> la.established.size() == 2 && !lb.downs.isEmpty(), () -> states(a, b));
        assertEquals(NotificationData.cease(NotificationData.OTHER_CONFIG_CHANGE), lb.downs.getFirst().reason().notification());
        assertEquals(3, la.established.get(1).holdTimeSeconds(), "min(6, b's 3)");
        assertFalse(la.handles.getFirst().isOpen(), "the old session's handle refuses");
        assertFalse(la.handles.getFirst().send(List.of()));
    }

    @Test
    void maxPrefixesEndsTheSessionWithCease6_1AndItsData() throws Exception {
        Pair p = establishedPair(64512);
        BgpTransport a = p.a(), b = p.b();
        la.handles.getFirst().maxPrefixesExceeded(Family.IPV4_UNICAST, 100);
        // Each side records its down() on its own loop thread, b's possibly before a's: wait for both.
        Await.until("both sides see the session end", 10_000, () -> !lb.downs.isEmpty() && !la.downs.isEmpty(), () -> states(a, b));
        // RFC 8538 §5: with the N bit exchanged, 6/1 must go out as a Hard Reset (which carries it).
        assertEquals(NotificationData.hardReset(NotificationData.maxPrefixes(Family.IPV4_UNICAST, 100)), lb.downs.getFirst().reason().notification());
        assertFalse(lb.downs.getFirst().graceful());
        assertFalse(la.downs.getFirst().graceful());
        assertEquals(DownReason.Kind.NOTIFICATION_SENT, la.downs.getFirst().reason().kind());
    }
}
