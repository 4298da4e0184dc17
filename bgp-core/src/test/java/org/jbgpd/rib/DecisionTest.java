package org.jbgpd.rib;

import org.jbgpd.fib.NextHopState;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.Origin;
import org.jbgpd.policy.Policy;
import org.junit.jupiter.api.Test;

import static org.jbgpd.rib.RibHarness.*;
import static org.junit.jupiter.api.Assertions.*;

/** Each step of RFC 4271 §9.1.2.2 and RFC 4456 §9, alone: two paths that differ in that step only. */
class DecisionTest {

    private static final String P = "10.20.1.0/26";
    private final RibHarness h = new RibHarness(false);

    private void twoIbgpPeers() {
        h.up(ibgp("198.51.100.11", "198.51.100.11"));
        h.up(ibgp("198.51.100.12", "198.51.100.12"));
    }

    @Test
    void highestLocalPrefWins() {
        twoIbgpPeers();
        h.announce("198.51.100.11", attrs("198.51.100.1").localPref(100).build(), P);
        h.announce("198.51.100.12", attrs("198.51.100.2").localPref(200).build(), P);
        h.rib.flush();
        assertEquals("198.51.100.2", h.installed(P));
        assertEquals("198.51.100.12", h.best(P));
    }

    @Test
    void missingLocalPrefCountsAsDefault100() {
        twoIbgpPeers();
        h.announce("198.51.100.11", attrs("198.51.100.1").localPref(99).build(), P);
        h.announce("198.51.100.12", attrs("198.51.100.2").build(), P);
        h.rib.flush();
        assertEquals("198.51.100.2", h.installed(P));
    }

    @Test
    void shortestAsPathWins_andAnAsSetCountsOne() {
        twoIbgpPeers();
        h.announce("198.51.100.11", attrs("198.51.100.1").asPath(AsPath.sequence(64600, 64601)).build(), P);
        AsPath seqAndSet = new AsPath(java.util.List.of(new AsPath.Segment(AsPath.AS_SEQUENCE, new int[] {64700}),
                new AsPath.Segment(AsPath.AS_SET, new int[] {64701, 64702, 64703})));
        h.announce("198.51.100.12", attrs("198.51.100.2").asPath(seqAndSet).build(), P);
        h.rib.flush();
        assertEquals(2, seqAndSet.pathLength());
        // equal length (2 and 1+1): falls through to router id, the lower wins
        assertEquals("198.51.100.1", h.installed(P));
        h.announce("198.51.100.11", attrs("198.51.100.1").asPath(AsPath.sequence(64600, 64601, 64602)).build(), P);
        h.rib.flush();
        assertEquals("198.51.100.2", h.installed(P));
    }

    @Test
    void lowestOriginWins() {
        twoIbgpPeers();
        h.announce("198.51.100.11", attrs("198.51.100.1").origin(Origin.INCOMPLETE).build(), P);
        h.announce("198.51.100.12", attrs("198.51.100.2").origin(Origin.EGP).build(), P);
        h.rib.flush();
        assertEquals("198.51.100.2", h.installed(P));
    }

    @Test
    void lowestMedWinsOnlyBetweenPathsFromTheSameNeighbourAs() {
        twoIbgpPeers();
        h.announce("198.51.100.11", attrs("198.51.100.1").asPath(AsPath.sequence(64600)).med(50).build(), P);
        h.announce("198.51.100.12", attrs("198.51.100.2").asPath(AsPath.sequence(64600)).med(10).build(), P);
        h.rib.flush();
        assertEquals("198.51.100.2", h.installed(P), "same neighbour AS: lower MED wins despite higher router id");
        h.announce("198.51.100.12", attrs("198.51.100.2").asPath(AsPath.sequence(64700)).med(10).build(), P);
        h.rib.flush();
        assertEquals("198.51.100.1", h.installed(P), "different neighbour AS: MED is not compared, router id decides");
    }

    @Test
    void missingMedIsTheLowest() {
        twoIbgpPeers();
        h.announce("198.51.100.11", attrs("198.51.100.1").asPath(AsPath.sequence(64600)).med(1).build(), P);
        h.announce("198.51.100.12", attrs("198.51.100.2").asPath(AsPath.sequence(64600)).build(), P);
        h.rib.flush();
        assertEquals("198.51.100.2", h.installed(P));
    }

    @Test
    void ebgpBeatsIbgp() {
        h.up(ibgp("198.51.100.11", "198.51.100.11"));
        h.up(ebgp("198.51.100.99", 64999, Policy.ACCEPT_ALL));
        h.announce("198.51.100.11", attrs("198.51.100.1").asPath(AsPath.sequence(64999)).build(), P);
        h.announce("198.51.100.99", attrs("198.51.100.99").asPath(AsPath.sequence(64999)).build(), P);
        h.rib.flush();
        assertEquals("198.51.100.99", h.installed(P));
    }

    @Test
    void lowestIgpCostWins() {
        twoIbgpPeers();
        h.fib.setNextHop(NextHopState.reachable(ip("198.51.100.1"), 20));
        h.fib.setNextHop(NextHopState.reachable(ip("198.51.100.2"), 10));
        h.announce("198.51.100.11", attrs("198.51.100.1").build(), P);
        h.announce("198.51.100.12", attrs("198.51.100.2").build(), P);
        h.rib.flush();
        assertEquals("198.51.100.2", h.installed(P));
        h.fib.setNextHop(NextHopState.reachable(ip("198.51.100.2"), 30)); // the FIB says the cost changed
        h.rib.flush();
        assertEquals("198.51.100.1", h.installed(P));
    }

    @Test
    void shortestClusterListWins() {
        twoIbgpPeers();
        h.announce("198.51.100.11", attrs("198.51.100.1").originatorId(ip("192.0.2.1")).clusterList(1, 2).build(), P);
        h.announce("198.51.100.12", attrs("198.51.100.2").originatorId(ip("192.0.2.2")).clusterList(3).build(), P);
        h.rib.flush();
        assertEquals("198.51.100.2", h.installed(P));
    }

    @Test
    void lowestOriginatorIdStandsInForRouterId() {
        twoIbgpPeers();
        // peer .11 has the lower router id, but the route via .12 carries a lower ORIGINATOR_ID
        h.announce("198.51.100.11", attrs("198.51.100.1").originatorId(ip("192.0.2.9")).build(), P);
        h.announce("198.51.100.12", attrs("198.51.100.2").originatorId(ip("192.0.2.3")).build(), P);
        h.rib.flush();
        assertEquals("198.51.100.2", h.installed(P));
    }

    @Test
    void lowestRouterIdWins() {
        h.up(ibgp("198.51.100.11", "192.0.2.20"));
        h.up(ibgp("198.51.100.12", "192.0.2.10"));
        h.announce("198.51.100.11", attrs("198.51.100.1").build(), P);
        h.announce("198.51.100.12", attrs("198.51.100.2").build(), P);
        h.rib.flush();
        assertEquals("198.51.100.2", h.installed(P));
    }

    @Test
    void lowestPeerAddressIsTheLastTieBreaker() {
        h.up(ibgp("198.51.100.12", "192.0.2.10"));
        h.up(ibgp("198.51.100.11", "192.0.2.10")); // same router id (the same speaker over two sessions)
        h.announce("198.51.100.12", attrs("198.51.100.2").build(), P);
        h.announce("198.51.100.11", attrs("198.51.100.1").build(), P);
        h.rib.flush();
        assertEquals("198.51.100.1", h.installed(P));
    }

    @Test
    void unreachableNextHopIsKeptButNotSelected_andComesBack() {
        twoIbgpPeers();
        h.fib.setNextHop(NextHopState.unreachable(ip("198.51.100.2")));
        h.announce("198.51.100.11", attrs("198.51.100.1").localPref(100).build(), P);
        h.announce("198.51.100.12", attrs("198.51.100.2").localPref(200).build(), P);
        h.rib.flush();
        assertEquals("198.51.100.1", h.installed(P));
        assertEquals(1, h.counts("198.51.100.12").accepted(), "kept in the RIB");
        RouteView v = h.rib.routes(pfx(P)).getFirst();
        assertFalse(v.paths().get(1).reachable());
        h.fib.setNextHop(NextHopState.reachable(ip("198.51.100.2"), 0));
        h.rib.flush();
        assertEquals("198.51.100.2", h.installed(P));
    }

    @Test
    void noReachablePathWithdrawsTheRoute() {
        twoIbgpPeers();
        h.announce("198.51.100.11", attrs("198.51.100.1").build(), P);
        h.rib.flush();
        assertEquals("198.51.100.1", h.installed(P));
        h.fib.setNextHop(NextHopState.unreachable(ip("198.51.100.1")));
        h.rib.flush();
        assertEquals("", h.installed(P));
    }
}
