package org.jbgpd.rib;

import org.jbgpd.policy.Policy;
import org.jbgpd.policy.PolicyMatch;
import org.jbgpd.policy.PolicyRule;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.PathAttributes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.jbgpd.rib.RibHarness.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * RFC 9494 awareness (ADR 0062): a reflector that keeps a crashed node's routes past the GR time
 * marks them LLGR_STALE; jbgpd prefers any other path to them and never passes them on.
 */
class LlgrAwarenessTest {

    private static final String RR1 = "198.51.100.11";
    private static final String RR2 = "198.51.100.12";

    @Test
    void aLongLivedStaleRouteLosesEvenWithAHigherLocalPref() {
        RibHarness h = new RibHarness(true);
        h.up(ibgp(RR1, RR1));
        h.up(ibgp(RR2, RR2));
        h.announce(RR1, attrs("198.51.100.21").localPref(200).communities(PathAttributes.LLGR_STALE).build(), "10.20.1.0/26");
        h.announce(RR2, attrs("198.51.100.22").build(), "10.20.1.0/26");
        h.rib.flush();
        assertEquals(RR2, h.best("10.20.1.0/26"));
        assertEquals("198.51.100.22", h.installed("10.20.1.0/26"), "not in the multipath set either");
    }

    @Test
    void aStaleRouteStillForwardsWhenItIsTheOnlyOne() {
        RibHarness h = new RibHarness(true);
        h.up(ibgp(RR1, RR1));
        h.announce(RR1, attrs("198.51.100.21").communities(PathAttributes.LLGR_STALE).build(), "10.20.1.0/26");
        h.rib.flush();
        assertEquals("198.51.100.21", h.installed("10.20.1.0/26"));
    }

    @Test
    void longLivedStaleRoutesAreNotExported() {
        RibHarness h = new RibHarness(true);
        h.up(ibgp(RR1, RR1));
        Policy all = new Policy("all", List.of(PolicyRule.accept(PolicyMatch.ANY)));
        h.up(new RibPeer("up", ip("203.0.113.1"), ip("203.0.113.250"), 64999, LOCAL_AS, ip("203.0.113.1"),
                Set.of(Family.IPV4_UNICAST), Set.of(), null, Policy.ACCEPT_ALL, all, 0));
        h.sent.clear();
        h.announce(RR1, attrs("198.51.100.21").communities(PathAttributes.LLGR_STALE).build(), "10.20.1.0/26");
        h.announce(RR1, attrs("198.51.100.21").build(), "10.20.2.0/26");
        h.rib.flush();
        assertEquals(List.of("203.0.113.1 announce 10.20.2.0/26 nextHop=203.0.113.250 asPath=[64512] localPref=-1 med=-1"), h.sent);
        h.sent.clear();
        h.announce(RR1, attrs("198.51.100.21").communities(PathAttributes.LLGR_STALE).build(), "10.20.2.0/26"); // goes stale
        h.rib.flush();
        assertEquals(List.of("203.0.113.1 withdraw 10.20.2.0/26"), h.sent);
    }
}
