package org.jbgpd.rib;

import org.jbgpd.wire.AsPath;
import org.jbgpd.policy.Communities;
import org.jbgpd.policy.Policy;
import org.jbgpd.policy.PolicyMatch;
import org.jbgpd.policy.PolicyRule;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.jbgpd.rib.RibHarness.*;
import static org.junit.jupiter.api.Assertions.*;

/** Import policy in the engine, loop checks, max-prefix, exports. */
class ImportExportTest {

    private static final String RR1 = "198.51.100.11";
    private static final Policy PODS = new Policy("pods", List.of(
            PolicyRule.accept(PolicyMatch.prefix(IpPrefix.parse("10.20.0.0/16"), null, 32)),
            PolicyRule.reject(PolicyMatch.ANY)));

    @Test
    void ebgpPeerWithoutImportPolicyAcceptsNothing_rfc8212() {
        RibHarness h = new RibHarness(true);
        h.up(ebgp("203.0.113.1", 64999, null));
        h.announce("203.0.113.1", attrs("203.0.113.1").asPath(AsPath.sequence(64999)).build(), "192.0.2.0/24");
        h.rib.flush();
        assertEquals(1, h.counts("203.0.113.1").received());
        assertEquals(0, h.counts("203.0.113.1").accepted());
        assertTrue(h.fib.routes().isEmpty());
    }

    @Test
    void importPolicyFiltersAndChangesTheDecision_andAReloadReevaluatesWithoutRefresh() {
        RibHarness h = new RibHarness(true);
        h.up(new RibPeer("rr1", ip(RR1), ip("198.51.100.250"), LOCAL_AS, LOCAL_AS, ip(RR1),
                Set.of(Family.IPV4_UNICAST), Set.of(), null, PODS, null, 0));
        h.announce(RR1, attrs("198.51.100.21").build(), "10.20.1.0/26", "192.0.2.0/24");
        h.rib.flush();
        assertEquals("198.51.100.21", h.installed("10.20.1.0/26"));
        assertEquals("", h.installed("192.0.2.0/24"));
        assertEquals(2, h.counts(RR1).received());
        assertEquals(1, h.counts(RR1).accepted());
        assertEquals(1, h.counts(RR1).installed());

        h.rib.reconfigure(ip(RR1), Policy.ACCEPT_ALL, null, 0); // no route refresh: the Adj-RIB-In is pre-policy
        h.rib.flush();
        assertEquals("198.51.100.21", h.installed("192.0.2.0/24"));
        assertEquals(2, h.counts(RR1).accepted());

        Policy lp = new Policy("lp", List.of(new PolicyRule(PolicyMatch.ANY, PolicyRule.Verdict.ACCEPT, 50L,
                List.of(Communities.parse("64512:1")), List.of())));
        h.rib.reconfigure(ip(RR1), lp, null, 0);
        h.up(ibgp("198.51.100.12", "198.51.100.12"));
        h.announce("198.51.100.12", attrs("198.51.100.22").build(), "10.20.1.0/26");
        h.rib.flush();
        assertEquals("198.51.100.22", h.installed("10.20.1.0/26"), "localPref 50 from policy loses to the default 100");
        RouteView v = h.rib.routes(pfx("10.20.1.0/26")).getFirst();
        PathView fromRr1 = v.paths().stream().filter(p -> p.peerAddress().equals(ip(RR1))).findFirst().orElseThrow();
        assertEquals(50, fromRr1.attributes().localPref());
        assertTrue(fromRr1.attributes().hasCommunity(Communities.parse("64512:1")));
    }

    @Test
    void reflectedRoutesCarryingOurRouterIdOrClusterIdAreDropped() {
        RibHarness h = new RibHarness(true);
        h.up(ibgp(RR1, RR1));
        h.announce(RR1, attrs("198.51.100.21").originatorId(ROUTER_ID).build(), "10.20.1.0/26");
        h.announce(RR1, attrs("198.51.100.21").clusterList(7, ROUTER_ID.v4()).build(), "10.20.2.0/26");
        h.announce(RR1, attrs("198.51.100.21").originatorId(ip("198.51.100.21")).clusterList(7).build(), "10.20.3.0/26");
        h.rib.flush();
        assertEquals("", h.installed("10.20.1.0/26"));
        assertEquals("", h.installed("10.20.2.0/26"));
        assertEquals("198.51.100.21", h.installed("10.20.3.0/26"));
        assertEquals(3, h.counts(RR1).received());
        assertEquals(1, h.counts(RR1).accepted());
    }

    @Test
    void ebgpRouteWithOurAsInThePathIsALoop() {
        RibHarness h = new RibHarness(true);
        h.up(ebgp("203.0.113.1", 64999, Policy.ACCEPT_ALL));
        h.announce("203.0.113.1", attrs("203.0.113.1").asPath(AsPath.sequence(64999, LOCAL_AS)).build(), "192.0.2.0/24");
        h.rib.flush();
        assertEquals(0, h.counts("203.0.113.1").accepted());
    }

    /**
     * The loop verdict is worked out once per attribute set and kept by the pool (ADR 0121). The same set object, from
     * peers that judge it differently, must still be judged per peer: our AS in the path is a loop from an eBGP peer of
     * ours, not from an iBGP peer, and not from an eBGP session where we use another local AS.
     */
    @Test
    void oneSetFromPeersThatJudgeItDifferentlyIsJudgedPerPeer() {
        RibHarness h = new RibHarness(true);
        h.up(ebgp("203.0.113.1", 64999, Policy.ACCEPT_ALL));
        h.up(new RibPeer("other-as", ip("203.0.113.2"), ip("203.0.113.250"), 64999, 65100, ip("203.0.113.2"),
                Set.of(Family.IPV4_UNICAST), Set.of(), null, Policy.ACCEPT_ALL, null, 0));
        h.up(ibgp(RR1, RR1));
        var withOurAs = attrs("203.0.113.1").asPath(AsPath.sequence(64999, LOCAL_AS)).build();
        for (int round = 0; round < 2; round++) { // the second round finds every verdict cached
            h.announce("203.0.113.1", withOurAs, "192.0.2.0/24");
            h.announce("203.0.113.2", withOurAs, "192.0.2.0/24");
            h.announce(RR1, withOurAs, "192.0.2.0/24");
            h.rib.flush();
            assertEquals(0, h.counts("203.0.113.1").accepted(), "round " + round + ": our AS from our eBGP peer");
            assertEquals(1, h.counts("203.0.113.2").accepted(), "round " + round + ": we are AS 65100 on that session");
            assertEquals(1, h.counts(RR1).accepted(), "round " + round + ": iBGP does not check the AS_PATH");
        }
        var reflectedBack = attrs("203.0.113.1").asPath(AsPath.sequence(64999)).originatorId(ROUTER_ID).build();
        h.announce("203.0.113.2", reflectedBack, "192.0.2.128/25");
        h.announce(RR1, reflectedBack, "192.0.2.128/25");
        h.rib.flush();
        assertEquals(1, h.counts("203.0.113.2").accepted(), "our router id as ORIGINATOR_ID is a loop from any peer");
        assertEquals(1, h.counts(RR1).accepted());
    }

    @Test
    void maxPrefixesCeasesTheSessionAndDropsItsRoutes() {
        RibHarness h = new RibHarness(true);
        h.up(new RibPeer("rr1", ip(RR1), ip("198.51.100.250"), LOCAL_AS, LOCAL_AS, ip(RR1),
                Set.of(Family.IPV4_UNICAST), Set.of(), null, null, null, 3));
        h.announce(RR1, attrs("198.51.100.21").build(), "10.20.1.0/26", "10.20.2.0/26", "10.20.3.0/26");
        h.rib.flush();
        assertEquals(3, h.fib.routes().size());
        assertFalse(h.sent.stream().anyMatch(s -> s.contains("maxPrefix")), "at the limit is still fine");
        h.announce(RR1, attrs("198.51.100.21").build(), "10.20.4.0/26");
        h.rib.flush();
        assertTrue(h.sent.contains(RR1 + " maxPrefix ipv4 3"), h.sent.toString());
        assertTrue(h.fib.routes().isEmpty());
        h.announce(RR1, attrs("198.51.100.21").build(), "10.20.5.0/26"); // still queued from the old session
        h.rib.flush();
        assertTrue(h.fib.routes().isEmpty());
    }

    @Test
    void maxPrefixesWarnsOnceAtNinetyPercent() {
        RibHarness h = new RibHarness(true);
        h.up(new RibPeer("rr1", ip(RR1), ip("198.51.100.250"), LOCAL_AS, LOCAL_AS, ip(RR1),
                Set.of(Family.IPV4_UNICAST), Set.of(), null, null, null, 10));
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true)); // slf4j-simple, the test binding, writes to System.err
        try {
            for (int i = 1; i <= 8; i++) h.announce(RR1, attrs("198.51.100.21").build(), "10.20." + i + ".0/26");
            assertFalse(log.toString().contains("90%"), "80 % is no warning: " + log);
            h.announce(RR1, attrs("198.51.100.21").build(), "10.20.9.0/26");
            h.announce(RR1, attrs("198.51.100.21").build(), "10.20.10.0/26");
        } finally {
            System.setErr(err);
        }
        String text = log.toString();
        assertTrue(text.contains("peer rr1 sent 9 routes, 90% of its maxPrefixes 10"), text);
        assertEquals(1, text.split("90% of its", -1).length - 1, "warned once: " + text);
        h.rib.flush();
        assertEquals(10, h.fib.routes().size(), "at the limit nothing is dropped");
        assertFalse(h.sent.stream().anyMatch(s -> s.contains("maxPrefix")));
    }

    @Test
    void exportsFollowTheRules() {
        RibConfig cfg = new RibConfig(ROUTER_ID, null, LOCAL_AS, true, 16, 0, Set.of(), List.of(pfx("203.0.113.0/24")));
        RibHarness h = new RibHarness(cfg);
        h.up(ibgp(RR1, RR1));
        h.up(ibgp("198.51.100.12", "198.51.100.12"));
        assertTrue(h.sent.contains(RR1 + " eor ipv4"));
        assertTrue(h.sent.stream().anyMatch(s -> s.startsWith(RR1 + " announce 203.0.113.0/24 nextHop=198.51.100.250")), h.sent.toString());
        h.sent.clear();
        h.announce(RR1, attrs("198.51.100.21").build(), "10.20.1.0/26");
        h.rib.flush();
        assertTrue(h.sent.isEmpty(), "iBGP-learned routes are not sent to iBGP peers: " + h.sent);

        Policy all = new Policy("all", List.of(PolicyRule.accept(PolicyMatch.ANY)));
        h.up(new RibPeer("up", ip("203.0.113.1"), ip("203.0.113.250"), 64999, LOCAL_AS, ip("203.0.113.1"),
                Set.of(Family.IPV4_UNICAST), Set.of(), null, Policy.ACCEPT_ALL, all, 0));
        assertTrue(h.sent.stream().anyMatch(s -> s.equals("203.0.113.1 announce 10.20.1.0/26 nextHop=203.0.113.250 asPath=[64512] localPref=-1 med=-1")), h.sent.toString());
        h.sent.clear();
        h.withdraw(RR1, "10.20.1.0/26");
        h.rib.flush();
        assertEquals(List.of("203.0.113.1 withdraw 10.20.1.0/26"), h.sent);

        h.sent.clear();
        h.up(ebgp("203.0.113.2", 65000, Policy.ACCEPT_ALL)); // no export policy: RFC 8212, nothing
        assertEquals(List.of("203.0.113.2 eor ipv4", "203.0.113.2 eor ipv6"), sorted(h.sent));
    }
}
