package org.jbgpd.transport;

import org.jbgpd.session.SessionHandle;
import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import static org.jbgpd.transport.ScriptedPeer.KEEPALIVE;
import static org.jbgpd.transport.ScriptedPeer.NOTIFICATION;
import static org.jbgpd.transport.ScriptedPeer.OPEN;
import static org.jbgpd.transport.ScriptedPeer.message;
import static org.jbgpd.transport.ScriptedPeer.openMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A NOTIFICATION we send must reach the peer (RFC 4271 §6: sent, then the connection closed), proven on real sockets
 * (loopback, no root) with a scripted peer.
 *
 * Closing a socket whose receive queue still holds the peer's bytes makes Linux answer with a reset instead of a FIN,
 * and so does every segment that arrives after the close. A peer that sends before it reads again (BIRD 1.6 when its
 * keepalive timer runs before it reads the socket: a failed write drops the connection at once) then loses our
 * NOTIFICATION, though the bytes reached its kernel: DaemonBirdIT's Cease 6/6 after a reload went missing that way
 * under load (ADR 0105). Here the peer's bytes are left unread deterministically: the route engine's flow control has
 * paused reading (ADR 0087), as it does while it ingests a full table.
 */
class LoopbackNotificationDeliveryTest {

    private static final IpAddress JBGPD = IpAddress.parse("127.0.0.1");
    private static final IpAddress PEER = IpAddress.parse("127.0.0.3");
    private static final int PEER_ID = 0xC6336403;
    private static final long AS = 64512;
    private static final int HOLD = 9;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();
    /** Where the scripted peer listens: jbgpd dials it here. */
    private ServerSocket server;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    @Test
    void aResetWhileThePeersBytesAreUnreadEndsWithTheNotificationAndAFinNotAReset() throws Exception {
        BgpTransport jbgpd = BgpTransport.start(new SpeakerParameters(AS, JBGPD, JBGPD, 0), listener);
        open.add(jbgpd);
        ScriptedPeer peer = establish(jbgpd);
        SessionHandle handle = listener.handles.getFirst();

        handle.setReading(false);
        jbgpd.snapshot("peer"); // runs on the loop after the pause: reading is off from here
        peer.send(message(KEEPALIVE)); // stays in jbgpd's receive queue
        Thread.sleep(200); // loopback delivers at once; this only leaves room for a slow scheduler

        jbgpd.resetPeer("peer", "test");
        ScriptedPeer.Message m = nextNotification(peer);
        assertEquals(List.of(6, 4), List.of(m.body()[0] & 0xff, m.body()[1] & 0xff), "Cease, administrative reset: " + m);
        // The peer's next message (its keepalive timer) must find the connection half-open, not reset.
        peer.send(message(KEEPALIVE));
        assertEquals("FIN", peer.ending(5000), "how jbgpd's side of the connection ended after the NOTIFICATION");
        peer.close(); // as the peer does after a NOTIFICATION: jbgpd sees the FIN and is done with the connection
    }

    @Test
    void aPeerThatKeepsSendingAfterOurNotificationStillGetsAFin() throws Exception {
        BgpTransport jbgpd = BgpTransport.start(new SpeakerParameters(AS, JBGPD, JBGPD, 0), listener);
        open.add(jbgpd);
        ScriptedPeer peer = establish(jbgpd);

        jbgpd.resetPeer("peer", "test");
        nextNotification(peer);
        // Segments that arrive after a full close are answered with resets; a half-closed connection still reads them.
        for (int i = 0; i < 5; i++) {
            peer.send(message(KEEPALIVE));
            Thread.sleep(20);
        }
        assertEquals("FIN", peer.ending(5000), "how jbgpd's side of the connection ended after the NOTIFICATION");
        peer.close();
    }

    @Test
    void aPeerThatNeverClosesIsClosedByTheBackstop() throws Exception {
        BgpTransport jbgpd = BgpTransport.start(new SpeakerParameters(AS, JBGPD, JBGPD, 0), listener);
        open.add(jbgpd);
        ScriptedPeer peer = establish(jbgpd);

        jbgpd.resetPeer("peer", "test");
        nextNotification(peer);
        assertEquals("FIN", peer.ending(5000), "the NOTIFICATION is followed by our FIN");
        // The peer keeps its side open: jbgpd must not keep the connection forever. The next write meets a reset once
        // jbgpd gave up (the backstop, a few seconds).
        long deadline = System.nanoTime() + 30_000_000_000L;
        String error = null;
        while (error == null && System.nanoTime() < deadline) {
            try {
                peer.send(message(KEEPALIVE));
                Thread.sleep(200);
            } catch (java.io.IOException reset) {
                error = reset.getMessage();
            }
        }
        assertNotNull(error, "jbgpd still holds the half-closed connection of a peer that never closed after 30 s");
    }

    /**
     * A session that comes back after our NOTIFICATION dials the peer only once the old connection is closed on both
     * sides (ADR 0112): a peer with graceful restart (BIRD, FRR) takes a new connection while it still counts the old
     * session as Established for a restart of ours, and drops the old connection unread, NOTIFICATION and all.
     * DaemonBirdIT's Cease 6/6 went missing that way under load: BIRD kept rr1 up without a word. Two ways back: a
     * reload that changed the peer (6/6, the peer is re-created and starts at once) and `jbgpctl peer reset` (6/4, then
     * the idle hold time, 1 s here).
     */
    @ParameterizedTest
    @ValueSource(strings = {"replace", "reset"})
    void theSessionDialsAgainOnlyOnceThePeerHasClosedTheOldConnection(String how) throws Exception {
        BgpTransport jbgpd = BgpTransport.start(new SpeakerParameters(AS, JBGPD, JBGPD, 0), listener);
        open.add(jbgpd);
        ScriptedPeer peer = establish(jbgpd);
        long start = System.nanoTime();
        if (how.equals("replace")) jbgpd.replacePeer(peerParameters());
        else jbgpd.resetPeer("peer", "test");
        ScriptedPeer.Message m = nextNotification(peer);
        assertEquals(how.equals("replace") ? List.of(6, 6) : List.of(6, 4), List.of(m.body()[0] & 0xff, m.body()[1] & 0xff), m.toString());
        assertEquals("FIN", peer.ending(5000), "our FIN after the NOTIFICATION");
        // The peer has read everything and keeps its side open, as BIRD does until its loop gets to the socket. The old
        // code dialled at once (replace) or after the idle hold time (reset); this leaves room for either.
        Thread.sleep(2000);
        long waited = (System.nanoTime() - start) / 1_000_000;
        server.setSoTimeout(1);
        try {
            Socket early = server.accept();
            open.add(early);
            // Past the close backstop (5 s) jbgpd closes the old connection itself and may dial: only a slow machine gets here.
            if (waited < 4500) throw new AssertionError("jbgpd dialled again " + waited + " ms after the reset, while the peer still held the old connection open");
            return;
        } catch (SocketTimeoutException expected) {
            // nothing dialled yet
        }
        peer.close();
        server.setSoTimeout(10_000);
        ScriptedPeer again = new ScriptedPeer(server.accept());
        open.add(again);
        assertEquals(OPEN, again.next(5000).type(), "the new connection's OPEN, once the old connection is closed");
    }

    private PeerParameters peerParameters() {
        return PeerParameters.of("peer", PEER, AS).withPort(server.getLocalPort()).withTimers(HOLD, 3, 1).withSourceAddress(JBGPD);
    }

    /** jbgpd dials the peer; the peer answers OPEN and KEEPALIVE; jbgpd is Established. */
    private ScriptedPeer establish(BgpTransport jbgpd) throws Exception {
        server = new ServerSocket();
        open.add(server);
        server.bind(new InetSocketAddress(InetAddress.getByName(PEER.toString()), 0));
        jbgpd.addPeer(peerParameters());
        server.setSoTimeout(10_000);
        ScriptedPeer peer = new ScriptedPeer(server.accept());
        open.add(peer);
        assertEquals(OPEN, peer.next(5000).type(), "jbgpd's OPEN");
        peer.send(openMessage(AS, HOLD, PEER_ID));
        peer.send(message(KEEPALIVE));
        Await.until("jbgpd Established", 10_000, () -> listener.established.size() == 1, () -> jbgpd.snapshots().toString());
        return peer;
    }

    private static ScriptedPeer.Message nextNotification(ScriptedPeer peer) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            ScriptedPeer.Message m = peer.next(1000);
            if (m != null && m.type() == NOTIFICATION) return m;
        }
        throw new AssertionError("no NOTIFICATION from jbgpd within 10 s");
    }
}
