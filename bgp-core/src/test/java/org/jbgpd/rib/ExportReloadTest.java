package org.jbgpd.rib;

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

/** Export policy and announce reloads send exactly the difference (ADR 0062). */
class ExportReloadTest {

    private static final String RR1 = "198.51.100.11";
    private static final String UP = "203.0.113.1";

    private static Policy exporting(String... prefixes) {
        List<PolicyRule> rules = new java.util.ArrayList<>();
        for (String p : prefixes) rules.add(PolicyRule.accept(PolicyMatch.prefix(IpPrefix.parse(p), null, 32)));
        return new Policy("out", rules);
    }

    private static RibPeer upstream(Policy export) {
        return new RibPeer("up", ip(UP), ip("203.0.113.250"), 64999, LOCAL_AS, ip(UP),
                Set.of(Family.IPV4_UNICAST), Set.of(), null, Policy.ACCEPT_ALL, export, 0);
    }

    private static RibHarness withLearnedRoutes(List<IpPrefix> announce) {
        RibHarness h = new RibHarness(new RibConfig(ROUTER_ID, null, LOCAL_AS, true, 16, 0, Set.of(), announce));
        h.up(ibgp(RR1, RR1));
        h.announce(RR1, attrs("198.51.100.21").build(), "10.20.1.0/26", "10.20.2.0/26", "10.20.3.0/26");
        h.rib.flush();
        return h;
    }

    @Test
    void narrowingTheExportPolicyWithdrawsOnlyWhatItNoLongerExports() {
        RibHarness h = withLearnedRoutes(List.of());
        h.up(upstream(exporting("10.20.0.0/16")));
        assertEquals(3, h.sent.stream().filter(s -> s.startsWith(UP + " announce")).count(), h.sent.toString());
        h.sent.clear();

        h.rib.reconfigure(ip(UP), Policy.ACCEPT_ALL, exporting("10.20.1.0/26", "10.20.3.0/26"), 0);
        h.rib.flush();
        assertEquals(List.of(UP + " withdraw 10.20.2.0/26"), h.sent, "one withdrawal, nothing re-sent");

        h.sent.clear();
        h.rib.reconfigure(ip(UP), Policy.ACCEPT_ALL, exporting("10.20.1.0/26", "10.20.3.0/26"), 0);
        h.rib.flush();
        assertEquals(List.of(), h.sent, "the same policy again sends nothing");

        h.rib.reconfigure(ip(UP), Policy.ACCEPT_ALL, exporting("10.20.0.0/16"), 0);
        h.rib.flush();
        assertEquals(List.of(UP + " announce 10.20.2.0/26 nextHop=203.0.113.250 asPath=[64512] localPref=-1 med=-1"), h.sent,
                "widening it again announces only the one route");

        h.sent.clear();
        h.rib.reconfigure(ip(UP), Policy.ACCEPT_ALL, null, 0); // no exportPolicy on eBGP: RFC 8212, nothing
        h.rib.flush();
        assertEquals(List.of(UP + " withdraw 10.20.1.0/26", UP + " withdraw 10.20.2.0/26", UP + " withdraw 10.20.3.0/26"), sorted(h.sent));
    }

    @Test
    void anExportPolicyThatChangesAttributesReannouncesWithTheNewOnes() {
        RibHarness h = withLearnedRoutes(List.of());
        h.up(upstream(exporting("10.20.1.0/26")));
        h.sent.clear();
        h.exports.clear();
        Policy tagging = new Policy("tag", List.of(new PolicyRule(PolicyMatch.prefix(IpPrefix.parse("10.20.1.0/26"), null, null),
                PolicyRule.Verdict.ACCEPT, null, List.of(64512 << 16 | 7), List.of())));
        h.rib.reconfigure(ip(UP), Policy.ACCEPT_ALL, tagging, 0);
        h.rib.flush();
        assertEquals(1, h.sent.size(), h.sent.toString());
        assertTrue(h.sent.getFirst().startsWith(UP + " announce 10.20.1.0/26"), h.sent.toString());
        assertTrue(h.exports.getFirst().announced().getFirst().attributes().hasCommunity(64512 << 16 | 7));
    }

    @Test
    void importAndExportReloadedTogetherStayConsistent() {
        RibHarness h = withLearnedRoutes(List.of());
        h.up(upstream(exporting("10.20.0.0/16")));
        h.sent.clear();
        Policy onlyOne = new Policy("in", List.of(PolicyRule.accept(PolicyMatch.prefix(IpPrefix.parse("10.20.1.0/26"), null, null))));
        h.rib.reconfigure(ip(RR1), onlyOne, null, 0);                     // RR1 now gives us one route
        h.rib.reconfigure(ip(UP), Policy.ACCEPT_ALL, exporting("10.20.0.0/16", "192.0.2.0/24"), 0); // and the export changes too
        h.rib.flush();
        assertEquals(List.of(UP + " withdraw 10.20.2.0/26", UP + " withdraw 10.20.3.0/26"), sorted(h.sent));
    }

    @Test
    void announceReloadSendsTheAddedAndWithdrawsTheRemovedPrefixesOnly() {
        RibHarness h = withLearnedRoutes(List.of(pfx("203.0.113.0/24"), pfx("192.0.2.0/24")));
        h.up(ibgp("198.51.100.12", "198.51.100.12"));
        assertTrue(h.sent.contains("198.51.100.12 announce 192.0.2.0/24 nextHop=198.51.100.250 asPath=[] localPref=100 med=-1"), h.sent.toString());
        h.sent.clear();

        h.rib.announce(List.of(pfx("203.0.113.0/24"), pfx("198.51.100.128/25")));
        h.rib.flush();
        assertEquals(List.of(
                "198.51.100.11 announce 198.51.100.128/25 nextHop=198.51.100.250 asPath=[] localPref=100 med=-1",
                "198.51.100.11 withdraw 192.0.2.0/24",
                "198.51.100.12 announce 198.51.100.128/25 nextHop=198.51.100.250 asPath=[] localPref=100 med=-1",
                "198.51.100.12 withdraw 192.0.2.0/24"), sorted(h.sent));

        h.sent.clear();
        h.up(ibgp("198.51.100.13", "198.51.100.13")); // a session that starts later gets the new list
        assertEquals(2, h.sent.stream().filter(s -> s.startsWith("198.51.100.13 announce")).count(), h.sent.toString());
        assertFalse(h.sent.stream().anyMatch(s -> s.contains("192.0.2.0/24")), h.sent.toString());
    }

    @Test
    void removingOurAnnouncementOfALearnedPrefixSendsTheLearnedRouteInstead() {
        RibHarness h = withLearnedRoutes(List.of(pfx("10.20.1.0/26")));
        h.up(upstream(exporting("10.20.0.0/16")));
        assertTrue(h.sent.contains(UP + " announce 10.20.1.0/26 nextHop=203.0.113.250 asPath=[64512] localPref=-1 med=-1"), h.sent.toString());
        assertEquals(1, h.sent.stream().filter(s -> s.startsWith(UP + " announce 10.20.1.0/26")).count(), "ours only, once: " + h.sent);
        h.sent.clear();
        h.rib.announce(List.of());
        h.rib.flush();
        // To the eBGP peer ours and the learned one look alike (next hop self, our AS): nothing to send.
        // RR1 had ours and never gets its own route back: a withdrawal.
        assertEquals(List.of(RR1 + " withdraw 10.20.1.0/26"), h.sent);
        h.sent.clear();
        h.withdraw(RR1, "10.20.1.0/26");
        h.rib.flush();
        assertEquals(List.of(UP + " withdraw 10.20.1.0/26"), h.sent);
    }

    @Test
    void routeCountsFollowTheLocRib() {
        RibHarness h = withLearnedRoutes(List.of());
        assertEquals(new RouteCounts(3, 0), h.rib.routeCounts());
        h.announce(RR1, attrs("2001:db8::21").build(), "2001:db8:20::/48");
        h.withdraw(RR1, "10.20.3.0/26");
        h.rib.flush();
        assertEquals(new RouteCounts(2, 1), h.rib.routeCounts());
        h.rib.peerDown(ip(RR1), true);
        h.rib.flush();
        assertEquals(new RouteCounts(0, 0), h.rib.routeCounts());
    }
}
