package org.jbgpd.rib;

import org.jbgpd.fib.NextHopState;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.jbgpd.rib.RibHarness.*;
import static org.junit.jupiter.api.Assertions.*;

/** ECMP set building, next-hop collapsing, and what reaches the FIB (coalescing, no-op failover). */
class MultipathTest {

    private static final String RR1 = "198.51.100.11";
    private static final String RR2 = "198.51.100.12";
    private static final String SVC = "10.20.255.10/32";

    private RibHarness twoReflectors(boolean ecmp) {
        RibHarness h = new RibHarness(ecmp);
        h.up(ibgp(RR1, "198.51.100.11"));
        h.up(ibgp(RR2, "198.51.100.12"));
        return h;
    }

    /** A route as reflected: originator = the node, cluster list = the reflector. */
    private static org.jbgpd.wire.PathAttributes reflected(String node, int cluster) {
        return attrs(node).originatorId(ip(node)).clusterList(cluster).build();
    }

    @Test
    void sameNextHopFromTwoReflectorsIsOneNextHop() {
        RibHarness h = twoReflectors(true);
        h.announce(RR1, reflected("198.51.100.21", 1), "10.20.1.0/26");
        h.announce(RR2, reflected("198.51.100.21", 2), "10.20.1.0/26");
        h.rib.flush();
        assertEquals("198.51.100.21", h.installed("10.20.1.0/26"));
        assertEquals(1, h.counts(RR1).installed());
        assertEquals(1, h.counts(RR2).installed(), "both reflectors' paths are in the installed set");
    }

    @Test
    void reflectorFailoverToItsTwinWithTheSameNextHopCostsNoKernelOperation() {
        for (boolean ecmp : new boolean[] {true, false}) {
            RibHarness h = twoReflectors(ecmp);
            h.announce(RR1, reflected("198.51.100.21", 1), "10.20.1.0/26", "10.20.2.0/26");
            h.announce(RR2, reflected("198.51.100.21", 2), "10.20.1.0/26", "10.20.2.0/26");
            h.rib.flush();
            long before = h.fib.operations();
            assertEquals(2, before);
            h.rib.peerDown(ip(RR1), true);
            h.rib.flush();
            assertEquals(before, h.fib.operations(), "ecmp=" + ecmp);
            assertEquals("198.51.100.21", h.installed("10.20.2.0/26"));
        }
    }

    @Test
    void addPathsFromAReflectorFormAThreeWayMultipath() {
        RibHarness h = new RibHarness(true);
        h.up(new RibPeer("rr1", ip(RR1), ip("198.51.100.250"), LOCAL_AS, LOCAL_AS, ip(RR1), Set.of(org.jbgpd.wire.Family.IPV4_UNICAST),
                Set.of(org.jbgpd.wire.Family.IPV4_UNICAST), null, null, null, 0));
        h.announcePaths(RR1, reflected("198.51.100.21", 1), 1, SVC);
        h.announcePaths(RR1, reflected("198.51.100.22", 1), 2, SVC);
        h.announcePaths(RR1, reflected("198.51.100.23", 1), 3, SVC);
        h.rib.flush();
        assertEquals("198.51.100.21,198.51.100.22,198.51.100.23", h.installed(SVC));
        assertEquals(3, h.counts(RR1).installed());
        h.withdraw(RR1, SVC); // path id 0 does not exist: nothing changes
        h.rib.flush();
        assertEquals(3, h.counts(RR1).received());
    }

    @Test
    void onlyPathsEqualUpToIgpCostJoinTheSet() {
        RibHarness h = twoReflectors(true);
        h.up(ibgp("198.51.100.13", "198.51.100.13"));
        h.fib.setNextHop(NextHopState.reachable(ip("198.51.100.23"), 5));
        h.announce(RR1, reflected("198.51.100.21", 1), SVC);
        h.announce(RR2, reflected("198.51.100.22", 2), SVC);
        h.announce("198.51.100.13", reflected("198.51.100.23", 3), SVC);       // higher IGP cost
        h.rib.flush();
        assertEquals("198.51.100.21,198.51.100.22", h.installed(SVC));
        h.announce(RR2, attrs("198.51.100.22").asPath(AsPath.sequence(64600)).build(), SVC); // longer AS path
        h.rib.flush();
        assertEquals("198.51.100.21", h.installed(SVC));
    }

    @Test
    void withoutEcmpOnlyTheBestNextHopIsInstalled() {
        RibHarness h = twoReflectors(false);
        h.announce(RR1, reflected("198.51.100.21", 1), SVC);
        h.announce(RR2, reflected("198.51.100.22", 2), SVC);
        h.rib.flush();
        assertEquals("198.51.100.21", h.installed(SVC));
    }

    @Test
    void maxPathsBoundsTheSet() {
        RibHarness h = new RibHarness(new RibConfig(ROUTER_ID, null, LOCAL_AS, true, 2, 0, Set.of(), List.of()));
        h.up(new RibPeer("rr1", ip(RR1), ip("198.51.100.250"), LOCAL_AS, LOCAL_AS, ip(RR1), Set.of(org.jbgpd.wire.Family.IPV4_UNICAST),
                Set.of(org.jbgpd.wire.Family.IPV4_UNICAST), null, null, null, 0));
        for (int i = 1; i <= 5; i++) h.announcePaths(RR1, reflected("198.51.100.2" + i, 1), i, SVC);
        h.rib.flush();
        assertEquals(2, h.fib.route(pfx(SVC)).size());
        assertTrue(h.installed(SVC).contains("198.51.100.21"), "the best path's next hop is always in: " + h.installed(SVC));
    }

    @Test
    void aPrefixThatFlapsInsideOneBatchCostsOneOperation_andNoneWhenItEndsUnchanged() {
        RibHarness h = twoReflectors(true);
        h.announce(RR1, reflected("198.51.100.21", 1), "10.20.1.0/26");
        h.rib.flush();
        long before = h.fib.operations();
        for (int i = 0; i < 10; i++) {
            h.withdraw(RR1, "10.20.1.0/26");
            h.announce(RR1, reflected("198.51.100.2" + (i % 3), 1), "10.20.1.0/26");
        }
        h.rib.flush();
        assertEquals(before + 1, h.fib.operations());
        assertEquals("198.51.100.20", h.installed("10.20.1.0/26"));
        for (int i = 0; i < 10; i++) {
            h.withdraw(RR1, "10.20.1.0/26");
            h.announce(RR1, reflected("198.51.100.20", 1), "10.20.1.0/26");
        }
        h.rib.flush();
        assertEquals(before + 1, h.fib.operations());
    }

    @Test
    void ipv6RoutesAreInstalledAndLongestMatchFindsTheMostSpecific() {
        RibHarness h = twoReflectors(true);
        h.announce(RR1, attrs("2001:db8::21").build(), "2001:db8:20::/48");
        h.announce(RR1, attrs("2001:db8::22").build(), "2001:db8:20:1::/64");
        h.announce(RR1, attrs("198.51.100.21").build(), "10.20.0.0/16");
        h.rib.flush();
        assertEquals("2001:db8::22", h.installed("2001:db8:20:1::/64"));
        assertEquals(IpPrefix.parse("2001:db8:20:1::/64"), h.rib.longestMatch(IpAddress.parse("2001:db8:20:1::5")).prefix());
        assertEquals(IpPrefix.parse("2001:db8:20::/48"), h.rib.longestMatch(IpAddress.parse("2001:db8:20:2::5")).prefix());
        assertEquals(IpPrefix.parse("10.20.0.0/16"), h.rib.longestMatch(IpAddress.parse("10.20.9.9")).prefix());
        assertNull(h.rib.longestMatch(IpAddress.parse("192.0.2.1")));
        assertEquals(2, h.rib.routes(IpPrefix.parse("2001:db8::/32")).size());
    }

    @Test
    void ipv4RoutesWithAnIpv6NextHopAreInstalled_rfc8950() {
        RibHarness h = twoReflectors(true);
        org.jbgpd.wire.PathAttributes a = org.jbgpd.wire.PathAttributes.builder().origin(org.jbgpd.wire.Origin.IGP)
                .asPath(org.jbgpd.wire.AsPath.EMPTY).mpNextHop(org.jbgpd.wire.MpNextHop.of(ip("2001:db8::21"))).build();
        h.rib.update(ip(RR1), org.jbgpd.wire.Update.announce(a, batch(0, "10.20.7.0/26")));
        h.rib.flush();
        assertEquals("2001:db8::21", h.installed("10.20.7.0/26"));
    }
}
