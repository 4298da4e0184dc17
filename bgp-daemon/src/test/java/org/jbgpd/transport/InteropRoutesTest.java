package org.jbgpd.transport;

import org.jbgpd.session.SessionHandle;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.Origin;
import org.jbgpd.wire.PathAttributes;
import org.jbgpd.wire.PrefixBatch;
import org.jbgpd.wire.Update;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routes cross real sessions both ways: the peer's routes arrive decoded through the listener (then End-of-RIB), ours
 * reach the peer's table through the session handle, a withdrawal removes them, and a route refresh makes the peer
 * send its table again.
 */
class InteropRoutesTest {

    private static final List<String> PEER_ROUTES = List.of("10.20.1.0/26", "10.20.2.0/26", "10.20.3.64/26");

    private static Set<String> received(RecordingListener l) {
        Set<String> s = new TreeSet<>();
        for (Update u : l.updates) for (PrefixBatch b : u.announcedBatches()) for (IpPrefix p : b.toList()) s.add(p.toString());
        return s;
    }

    @ParameterizedTest
    @EnumSource(value = InteropHarness.Kind.class, names = {"BIRD16", "BIRD2"})
    void routesFlowBothWays(InteropHarness.Kind kind) throws Exception {
        kind.require();
        try (InteropHarness h = new InteropHarness(false, 64512)) {
            h.jbgpd.addPeer(PeerParameters.of("peer", IpAddress.parse(PeerLab.P_V4), 64512).withTimers(3, 1, 1));
            BirdDaemon bird = (BirdDaemon) kind.create(h.lab, new PeerDaemon.Config(64512, PeerLab.P_V4, PeerLab.P_V4, PeerLab.J_V4, 64512, null, 0, false));
            bird.exportStatic(PEER_ROUTES);
            bird.addPathsTx();
            h.daemon = bird;
            bird.start();
            h.awaitEstablished("peer", 15_000);
            Await.until("the peer's routes and End-of-RIB", 10_000,
                    () -> received(h.listener).containsAll(PEER_ROUTES) && h.listener.endOfRibs.contains(Family.IPV4_UNICAST), h::describe);
            assertEquals(Set.of(Family.IPV4_UNICAST), h.listener.established.getFirst().addPathReceive(), "ADD-PATH negotiated");
            Update first = h.listener.updates.getFirst();
            assertTrue(first.announcedBatches().getFirst().hasPathIds(), "path ids decoded on the live session");
            assertEquals(IpAddress.parse(PeerLab.P_V4), first.nextHop(Family.IPV4_UNICAST));
            assertEquals(Origin.IGP, first.attributes().origin());

            SessionHandle handle = h.listener.handles.getFirst();
            PathAttributes ours = PathAttributes.builder().origin(Origin.IGP).asPath(AsPath.EMPTY)
                    .nextHop(IpAddress.parse(PeerLab.J_V4)).localPref(100).build();
            PrefixBatch announced = PrefixBatch.of(Family.IPV4_UNICAST, List.of(IpPrefix.parse("203.0.113.0/24"), IpPrefix.parse("198.51.100.128/25")));
            assertTrue(handle.send(List.of(Update.announce(ours, announced))));
            assertTrue(handle.sendEndOfRib(Family.IPV4_UNICAST));
            Await.until("our routes in the peer's table", 5000, () -> bird.showRoute("203.0.113.0/24").contains(PeerLab.J_V4)
                    && bird.showRoute("198.51.100.128/25").contains(PeerLab.J_V4), () -> bird.showRoute("0.0.0.0/0 all") + h.describe());

            assertTrue(handle.send(List.of(Update.withdraw(PrefixBatch.of(Family.IPV4_UNICAST, List.of(IpPrefix.parse("203.0.113.0/24")))))));
            Await.until("withdrawn at the peer", 5000, () -> !bird.showRoute("203.0.113.0/24").contains(PeerLab.J_V4), h::describe);
            assertTrue(bird.showRoute("198.51.100.128/25").contains(PeerLab.J_V4));

            int before = h.listener.updates.size();
            assertTrue(handle.requestRouteRefresh(Family.IPV4_UNICAST));
            Await.until("the peer re-sends its table", 5000, () -> h.listener.updates.size() > before, h::describe);
            assertEquals(3, h.jbgpd.snapshot("peer").session().sent().update(), "announce, End-of-RIB, withdraw: " + h.describe());
        }
    }
}
