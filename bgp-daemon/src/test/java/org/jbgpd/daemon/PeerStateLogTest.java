package org.jbgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jbgpd.session.DownReason;
import org.jbgpd.session.PeerId;
import org.jbgpd.session.SessionSnapshot;
import org.jbgpd.session.SessionState;
import org.jbgpd.transport.PeerSnapshot;
import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.Test;

class PeerStateLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<PeerSnapshot> peers = new ArrayList<>();
    private final PeerStateLog log = new PeerStateLog(() -> peers, now::get);

    private static PeerSnapshot peer(SessionState state, DownReason error) {
        SessionSnapshot s = new SessionSnapshot("rr1", state, 0, true, null, error, null, null, 0);
        return new PeerSnapshot(new PeerId("rr1", IpAddress.parse("198.51.100.11"), false), 64512, s, null, null);
    }

    @Test
    void namesAPeerThatStaysDownOncePerReason() {
        peers.add(peer(SessionState.CONNECT, null));
        assertEquals(List.of(), log.check(), "a peer gets time to come up");
        now.addAndGet(PeerStateLog.GRACE_MILLIS);
        assertEquals(List.of("peer rr1 (198.51.100.11): not established for 10 s, state Connect: "
                + "no answer yet (a wrong TCP MD5 key or a filter drops the connection silently)"), log.check());
        peers.set(0, peer(SessionState.ACTIVE, null));
        now.addAndGet(5_000);
        assertEquals(List.of(), log.check(), "Connect/Active alternation is not news");
        peers.set(0, peer(SessionState.ACTIVE, new DownReason(DownReason.Kind.CONNECT_FAILED, null, "connection refused", 0)));
        assertEquals(1, log.check().size(), "a new reason is logged");
        peers.set(0, peer(SessionState.ESTABLISHED, null));
        assertEquals(List.of(), log.check());
    }
}
