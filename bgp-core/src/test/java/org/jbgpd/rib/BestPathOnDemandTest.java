package org.jbgpd.rib;

import org.jbgpd.policy.Policy;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.Family;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.jbgpd.rib.RibHarness.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A table learned while no peer may be sent learned routes keeps no best-path columns (ADR 0141). Once a peer that
 * may be sent them comes up, or gets an export policy, it gets the table, and later changes reach it as they would
 * have had the columns been kept from the start: a withdraw of a route it was sent goes out even though the route
 * was learned before the columns existed.
 */
class BestPathOnDemandTest {

    private static final String FEED = "203.0.113.1";
    private static final String RR = "198.51.100.11";
    private static final String UP = "192.0.2.1";
    private static final AsPath FROM_FEED = AsPath.sequence(64999);

    private static RibHarness fedByEbgpOnly() {
        RibHarness h = new RibHarness(true);
        h.up(ebgp(FEED, 64999, Policy.ACCEPT_ALL)); // no exportPolicy: RFC 8212, it is sent nothing
        h.announce(FEED, attrs(FEED).asPath(FROM_FEED).build(), "10.20.1.0/26", "10.20.2.0/26", "10.20.3.0/26");
        h.announce(FEED, attrs("2001:db8::1").asPath(FROM_FEED).build(), "2001:db8:20::/48");
        h.rib.flush();
        return h;
    }

    @Test
    void aTableFromPeersThatAreSentNothingKeepsNoBestPathColumns() {
        RibHarness h = fedByEbgpOnly();
        long without = h.rib.footprintBytes();
        assertFalse(h.rib.familyRib(Family.IPV4_UNICAST).keepsBest());
        assertEquals(new RouteCounts(3, 1), h.rib.routeCounts());
        assertEquals(3, h.fib.routes().keySet().stream().filter(p -> p.family() == Family.IPV4_UNICAST).count());
        assertNotNull(h.rib.longestMatch(ip("10.20.2.9")), "show route still finds the best path");

        h.withdraw(FEED, "10.20.3.0/26");
        h.rib.flush();
        assertEquals(new RouteCounts(2, 1), h.rib.routeCounts());
        assertNull(h.rib.longestMatch(ip("10.20.3.9")));

        h.up(ibgp(RR, RR)); // iBGP without exportPolicy: eBGP-learned routes go to it
        assertTrue(h.rib.familyRib(Family.IPV4_UNICAST).keepsBest());
        assertTrue(h.rib.footprintBytes() >= without + 8L * 16 * 2, "two ints per prefix row in both families");
        h.rib.peerDown(ip(FEED), true);
        h.rib.flush();
        assertEquals(new RouteCounts(0, 0), h.rib.routeCounts());
    }

    @Test
    void aPeerThatComesUpLaterGetsTheTableAndThenItsChanges() {
        RibHarness h = fedByEbgpOnly();
        h.withdraw(FEED, "10.20.3.0/26"); // still dirty when the columns are built: decided as it is now
        h.sent.clear();

        h.up(ibgp(RR, RR));
        assertEquals(List.of(
                        RR + " announce 10.20.1.0/26 nextHop=203.0.113.1 asPath=[64999] localPref=100 med=-1",
                        RR + " announce 10.20.2.0/26 nextHop=203.0.113.1 asPath=[64999] localPref=100 med=-1",
                        RR + " announce 2001:db8:20::/48 nextHop=2001:db8::1 asPath=[64999] localPref=100 med=-1",
                        RR + " eor ipv4", RR + " eor ipv6"),
                sorted(h.sent));
        h.sent.clear();

        h.announce(FEED, attrs(FEED).asPath(FROM_FEED).med(5).build(), "10.20.1.0/26");
        h.withdraw(FEED, "10.20.2.0/26");
        h.withdraw(FEED, "2001:db8:20::/48");
        h.rib.flush();
        assertEquals(List.of(
                RR + " announce 10.20.1.0/26 nextHop=203.0.113.1 asPath=[64999] localPref=100 med=5",
                RR + " withdraw 10.20.2.0/26",
                RR + " withdraw 2001:db8:20::/48"), sorted(h.sent));
        assertEquals(new RouteCounts(1, 0), h.rib.routeCounts());
    }

    @Test
    void anExportPolicyGivenOnReloadSendsTheTableAndThenItsWithdraws() {
        RibHarness h = fedByEbgpOnly();
        h.up(ebgp(UP, 64998, Policy.ACCEPT_ALL));
        h.sent.clear();
        assertFalse(h.rib.familyRib(Family.IPV4_UNICAST).keepsBest(), "two eBGP peers without exportPolicy");

        h.rib.reconfigure(ip(UP), Policy.ACCEPT_ALL, Policy.ACCEPT_ALL, 0);
        h.rib.flush();
        assertEquals(List.of(
                UP + " announce 10.20.1.0/26 nextHop=198.51.100.250 asPath=[64512 64999] localPref=-1 med=-1",
                UP + " announce 10.20.2.0/26 nextHop=198.51.100.250 asPath=[64512 64999] localPref=-1 med=-1",
                UP + " announce 10.20.3.0/26 nextHop=198.51.100.250 asPath=[64512 64999] localPref=-1 med=-1"), sorted(h.sent));
        h.sent.clear();

        h.withdraw(FEED, "10.20.2.0/26");
        h.rib.flush();
        assertEquals(List.of(UP + " withdraw 10.20.2.0/26"), h.sent);
    }
}
