package org.jbgpd.transport;

import org.jbgpd.session.SessionState;
import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.jbgpd.transport.ScriptedPeer.KEEPALIVE;
import static org.jbgpd.transport.ScriptedPeer.NOTIFICATION;
import static org.jbgpd.transport.ScriptedPeer.OPEN;
import static org.jbgpd.transport.ScriptedPeer.message;
import static org.jbgpd.transport.ScriptedPeer.notification;
import static org.jbgpd.transport.ScriptedPeer.openMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection-collision race of ADR 0050/0097 forced on real sockets (loopback, no root): a scripted peer that
 * resolves collisions the way BIRD 2 does (proto/bgp/packets.c, bgp_rx_open: an OPEN on one connection while the other
 * is OpenConfirm closes the one the higher identifier did not open, with Cease 6/7). The peer has the higher identifier,
 * lets jbgpd's connection reach Established on jbgpd's side while it still holds it in OpenConfirm (it has not read
 * jbgpd's KEEPALIVE yet, as BIRD under load had not), then dials jbgpd itself. Seen once in 80 runs with BIRD 2; here on
 * every run.
 */
class LoopbackCollisionRaceTest {

    private static final IpAddress JBGPD = IpAddress.parse("127.0.0.1");
    private static final IpAddress PEER = IpAddress.parse("127.0.0.2");
    private static final int PEER_ID = 0xC6336402; // 198.51.100.2: higher than jbgpd's 127.0.0.1, so its connection wins §6.8
    private static final long AS = 64512;
    /** Long enough that a starved test thread on a loaded machine does not expire it; the race does not depend on it. */
    private static final int HOLD = 9;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    @Test
    void aPeerThatWouldResolveTheCollisionAgainstOurEstablishedConnectionNeverGetsTheChance() throws Exception {
        ServerSocket server = new ServerSocket();
        open.add(server);
        server.bind(new InetSocketAddress(InetAddress.getByName(PEER.toString()), 0));
        BgpTransport jbgpd = BgpTransport.start(new SpeakerParameters(AS, JBGPD, JBGPD, 0), listener);
        open.add(jbgpd);
        jbgpd.addPeer(PeerParameters.of("peer", PEER, AS).withPort(server.getLocalPort()).withTimers(HOLD, 3, 1).withSourceAddress(JBGPD));

        // Connection 1, jbgpd's: both OPENs, the peer's KEEPALIVE. jbgpd is Established; the peer is OpenConfirm until it reads jbgpd's KEEPALIVE.
        server.setSoTimeout(10_000);
        ScriptedPeer ours = new ScriptedPeer(server.accept());
        open.add(ours);
        assertEquals(OPEN, ours.next(5000).type(), "jbgpd's OPEN");
        ours.send(openMessage(AS, HOLD, PEER_ID));
        ours.send(message(KEEPALIVE));
        Await.until("jbgpd Established on its connection", 10_000, () -> listener.established.size() == 1, () -> jbgpd.snapshots().toString());

        // Connection 2, the peer's: it sends its OPEN at once, as BIRD does.
        Socket dialled = new Socket();
        dialled.bind(new InetSocketAddress(InetAddress.getByName(PEER.toString()), 0));
        dialled.connect(new InetSocketAddress(InetAddress.getByName(JBGPD.toString()), jbgpd.localPort()), 5000);
        ScriptedPeer theirs = new ScriptedPeer(dialled);
        open.add(theirs);
        theirs.send(openMessage(AS, HOLD, PEER_ID));

        ScriptedPeer.Message first = theirs.next(5000);
        assertNotNull(first, "jbgpd answers the peer's OPEN on the second connection");
        ScriptedPeer survivor;
        if (first.type() == OPEN) {
            // BIRD 2's rule: our OPEN arrived while the peer's side of connection 1 is OpenConfirm, and the peer's
            // identifier is higher, so its own connection wins: 6/7 on connection 1, connection 2 goes on.
            ours.send(notification(6, 7));
            ours.close();
            theirs.send(message(KEEPALIVE));
            survivor = theirs;
        } else {
            assertEquals(NOTIFICATION, first.type(), "the second connection is refused: " + first);
            assertEquals(List.of(6, 7), List.of(first.body()[0] & 0xff, first.body()[1] & 0xff), "Cease, connection collision resolution");
            theirs.close();
            survivor = ours; // the peer now reads jbgpd's KEEPALIVE on connection 1: Established there too
        }
        survivor.keepAlive(4000); // a Cease or a close that comes late would show by now

        PeerSnapshot s = jbgpd.snapshot("peer");
        String state = s + "\nfirst answer on the peer's connection: " + first + "\ndowns: " + listener.downs;
        assertEquals(SessionState.ESTABLISHED, s.session().state(), state);
        assertEquals(1, s.session().establishedTransitions(), "one session, never dropped: " + state);
        assertEquals(List.of(), listener.downs, state);
        assertEquals(1, listener.established.size(), state);
        assertTrue(survivor == ours, "the session stays on the connection it was Established on: " + state);
    }
}
