package org.jbgpd.rib;

import org.jbgpd.policy.Policy;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.MpNextHop;
import org.jbgpd.wire.Origin;
import org.jbgpd.wire.PathAttributes;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.jbgpd.rib.RibHarness.LOCAL_AS;
import static org.jbgpd.rib.RibHarness.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RFC 2545 next hops as FRR and BIRD send them, on a session over interface 7: a global address is used as it is; a
 * link-local one, or :: or ::ffff:a.b.c.d beside a link-local one, is tied to the session's interface, so the
 * kernel route goes out there and not over whichever link the kernel picks for fe80::/64.
 */
class LinkLocalNextHopTest {

    private static final String PEER = "192.0.2.2";
    private static final String LL = "fe80::e4af:f9ff:fe9b:3c15";

    private static RibPeer overIpv4Session(int linkIndex) {
        return new RibPeer("frr", ip(PEER), ip("192.0.2.1"), 65002, LOCAL_AS, ip(PEER),
                Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), Set.of(), null, Policy.ACCEPT_ALL, null, 0, linkIndex);
    }

    private static PathAttributes nextHop(String global, String linkLocal) {
        return nextHop(ip(global), linkLocal);
    }

    private static PathAttributes nextHop(IpAddress global, String linkLocal) {
        return PathAttributes.builder().origin(Origin.IGP).asPath(AsPath.EMPTY)
                .mpNextHop(new MpNextHop(global, linkLocal == null ? null : ip(linkLocal))).build();
    }

    private static String installed(int linkIndex, PathAttributes a) {
        RibHarness h = new RibHarness(true);
        h.up(overIpv4Session(linkIndex));
        h.announce(PEER, a, "2001:db8:70::/48");
        h.rib.flush();
        return h.installed("2001:db8:70::/48");
    }

    @Test
    void aLinkLocalNextHopIsTiedToTheSessionsInterface() {
        assertEquals(LL + "%7", installed(7, nextHop(LL, LL)), "FRR 8.4 over an IPv4 session: link-local in both fields");
        assertEquals(LL + "%7", installed(7, nextHop(LL, null)));
        assertEquals(LL + "%7", installed(7, nextHop("::", LL)), "BIRD over a link-local session");
        assertEquals(LL + "%7", installed(7, nextHop(IpAddress.ofV6(0, 0xffff_c000_0202L), LL)), "::ffff:192.0.2.2 and a link-local");
    }

    @Test
    void aGlobalNextHopStaysAsItIs() {
        assertEquals("2001:db8:1::2", installed(7, nextHop("2001:db8:1::2", LL)));
    }

    @Test
    void withoutAKnownInterfaceNothingChanges() {
        assertEquals(LL, installed(0, nextHop(LL, LL)));
    }

    @Test
    void theScopeIsOursNotTheWires() {
        IpAddress scoped = ip(LL).withLinkScope(7);
        assertEquals(7, scoped.linkScope());
        assertEquals(ip(LL), scoped.withoutLinkScope());
        assertEquals(0, ip(LL).linkScope());
        assertEquals(null, ip("2001:db8::1").withLinkScope(7), "only a link-local address takes a scope");
        assertEquals(null, ip("fe80:0:1::1").withLinkScope(7), "not one whose scope bits are already used");
    }
}
