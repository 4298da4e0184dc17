package org.jbgpd.transport;

import org.jbgpd.session.SessionState;
import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.jbgpd.transport.ScriptedPeer.KEEPALIVE;
import static org.jbgpd.transport.ScriptedPeer.OPEN;
import static org.jbgpd.transport.ScriptedPeer.message;
import static org.jbgpd.transport.ScriptedPeer.notification;
import static org.jbgpd.transport.ScriptedPeer.restartingOpenMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OPEN with the graceful restart Restart State bit on a second connection while jbgpd is Established with the same
 * peer, on real sockets (loopback, no root). A speaker that just started sets the bit (FRR for its whole restart time),
 * and its own dial, made before its side of our session came up, reaches us after the session is up:
 * InteropBehaviourTest.peerDiallingWhileWeDialLeavesExactlyOneSession[FRR] went down and up at load 19 because jbgpd
 * took that OPEN as a restart. A peer that really restarted sends the same OPEN; only its answer to ours tells them apart.
 */
class LoopbackRestartStateBitTest {

    private static final IpAddress JBGPD = IpAddress.parse("127.0.0.1");
    private static final IpAddress PEER = IpAddress.parse("127.0.0.2");
    private static final int PEER_ID = 0xC6336402;
    private static final long AS = 64512;
    /** Long enough that a starved test thread on a loaded machine does not expire it; nothing here waits for it. */
    private static final int HOLD = 9;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();
    private BgpTransport jbgpd;
    private ScriptedPeer ours;

    /** jbgpd dials the peer, which answers with the R bit set: Established on both sides of jbgpd's connection. */
    @BeforeEach
    void establishJbgpdsConnection() throws Exception {
        ServerSocket server = new ServerSocket();
        open.add(server);
        server.bind(new InetSocketAddress(InetAddress.getByName(PEER.toString()), 0));
        jbgpd = BgpTransport.start(new SpeakerParameters(AS, JBGPD, JBGPD, 0), listener);
        open.add(jbgpd);
        jbgpd.addPeer(PeerParameters.of("peer", PEER, AS).withPort(server.getLocalPort()).withTimers(HOLD, 3, 1).withSourceAddress(JBGPD));
        server.setSoTimeout(10_000);
        ours = new ScriptedPeer(server.accept());
        open.add(ours);
        assertEquals(OPEN, ours.next(5000).type(), "jbgpd's OPEN");
        ours.send(restartingOpenMessage(AS, HOLD, PEER_ID));
        ours.send(message(KEEPALIVE));
        assertEquals(KEEPALIVE, ours.next(5000).type(), "jbgpd's KEEPALIVE: the peer is Established too");
        Await.until("jbgpd Established on its connection", 10_000, () -> listener.established.size() == 1, () -> jbgpd.snapshots().toString());
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
    }

    @Test
    void aJustStartedPeerRefusingOurOpenOnItsOwnDialLeavesTheSessionUp() throws Exception {
        ScriptedPeer theirs = dialJbgpd();
        theirs.send(restartingOpenMessage(AS, HOLD, PEER_ID));
        ScriptedPeer.Message answer = theirs.next(5000);
        assertNotNull(answer, "jbgpd answers the OPEN on the peer's connection");
        if (answer.type() == OPEN) theirs.send(notification(6, 7)); // RFC 4271 §6.8 as FRR applies it: Established elsewhere
        theirs.close();
        ours.keepAlive(4000); // a close of the Established connection would show by now

        PeerSnapshot s = jbgpd.snapshot("peer");
        String state = s + "\nanswer on the peer's connection: " + answer + "\ndowns: " + listener.downs;
        assertEquals(SessionState.ESTABLISHED, s.session().state(), state);
        assertEquals(1, s.session().establishedTransitions(), "one session, never dropped: " + state);
        assertEquals(List.of(), listener.downs, state);
        assertEquals(null, ours.ending(0), "jbgpd's connection stays open: " + state);
    }

    @Test
    void aPeerThatRestartedTakesOurOpenOnItsNewConnectionAndTheOldSessionEndsGracefully() throws Exception {
        // The restarted peer's old connection stays silent (its host lost the socket without a FIN).
        ScriptedPeer theirs = dialJbgpd();
        theirs.send(restartingOpenMessage(AS, HOLD, PEER_ID));
        assertEquals(OPEN, theirs.next(5000).type(), "jbgpd's OPEN on the new connection");
        theirs.send(message(KEEPALIVE));
        Await.until("the session on the new connection", 10_000, () -> listener.established.size() == 2, () -> jbgpd.snapshots().toString());

        assertEquals(1, listener.downs.size(), listener.downs.toString());
        assertTrue(listener.downs.getFirst().graceful(), "the old session's routes are kept as stale: " + listener.downs);
        assertNotNull(ours.ending(5000), "jbgpd closed the old connection");
        PeerSnapshot s = jbgpd.snapshot("peer");
        assertEquals(SessionState.ESTABLISHED, s.session().state(), s.toString());
        assertEquals(2, s.session().establishedTransitions(), s.toString());
    }

    private ScriptedPeer dialJbgpd() throws Exception {
        Socket dialled = new Socket();
        dialled.bind(new InetSocketAddress(InetAddress.getByName(PEER.toString()), 0));
        dialled.connect(new InetSocketAddress(InetAddress.getByName(JBGPD.toString()), jbgpd.localPort()), 5000);
        ScriptedPeer theirs = new ScriptedPeer(dialled);
        open.add(theirs);
        return theirs;
    }
}
