package org.jbgpd.policy;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.PathAttributes;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PolicyTest {

    private static final PeerFacts RR1 = new PeerFacts("rr1", IpAddress.parse("198.51.100.11"), 64512, true);
    private static final PathAttributes A = PathAttributes.builder().nextHop(IpAddress.parse("198.51.100.21"))
            .communities(Communities.parse("64512:100")).largeCommunities(64512, 1, 2).build();

    private static PathAttributes eval(Policy p, String prefix, PathAttributes a, PeerFacts peer) {
        IpPrefix x = IpPrefix.parse(prefix);
        return p.evaluate(x.family(), x.address().hi(), x.address().lo(), x.length(), a, peer);
    }

    private static Policy pods() {
        return new Policy("pods", List.of(
                PolicyRule.accept(PolicyMatch.prefix(IpPrefix.parse("10.20.0.0/16"), null, 32)),
                PolicyRule.reject(PolicyMatch.ANY)));
    }

    @Test
    void prefixWithMaxLengthMatchesTheBlockAndEverythingInside() {
        Policy p = pods();
        assertNotNull(eval(p, "10.20.0.0/16", A, RR1));
        assertNotNull(eval(p, "10.20.1.0/26", A, RR1));
        assertNotNull(eval(p, "10.20.255.10/32", A, RR1));
        assertNull(eval(p, "10.21.0.0/26", A, RR1));
        assertNull(eval(p, "10.0.0.0/8", A, RR1), "shorter than the block");
        assertNull(eval(p, "2001:db8::/64", A, RR1), "other family");
    }

    @Test
    void withoutLengthsThePrefixMustMatchExactly_andMinLengthCutsShortOnes() {
        Policy exact = new Policy("x", List.of(PolicyRule.accept(PolicyMatch.prefix(IpPrefix.parse("10.20.0.0/16"), null, null))));
        assertNotNull(eval(exact, "10.20.0.0/16", A, RR1));
        assertNull(eval(exact, "10.20.1.0/24", A, RR1));
        Policy range = new Policy("r", List.of(PolicyRule.accept(PolicyMatch.prefix(IpPrefix.parse("2001:db8::/32"), 48, 64))));
        assertNull(eval(range, "2001:db8::/40", A, RR1));
        assertNotNull(eval(range, "2001:db8:1::/48", A, RR1));
        assertNotNull(eval(range, "2001:db8:1:2::/64", A, RR1));
        assertNull(eval(range, "2001:db8:1:2::/65", A, RR1));
        assertNull(eval(range, "2001:db9::/48", A, RR1));
    }

    @Test
    void badLengthRangesAreRefusedWithAReason() {
        var e = assertThrows(IllegalArgumentException.class, () -> PolicyMatch.prefix(IpPrefix.parse("10.20.0.0/16"), 8, 24));
        assertTrue(e.getMessage().contains("16 <= minLength"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PolicyMatch.prefix(IpPrefix.parse("10.20.0.0/16"), null, 33));
    }

    @Test
    void firstMatchingRuleDecides_andNoMatchRejects() {
        Policy p = new Policy("p", List.of(
                PolicyRule.reject(PolicyMatch.prefix(IpPrefix.parse("10.20.9.0/24"), null, 32)),
                PolicyRule.accept(PolicyMatch.prefix(IpPrefix.parse("10.20.0.0/16"), null, 32))));
        assertNull(eval(p, "10.20.9.0/26", A, RR1));
        assertNotNull(eval(p, "10.20.8.0/26", A, RR1));
        assertNull(eval(p, "192.0.2.0/24", A, RR1));
    }

    @Test
    void matchesFamilyCommunitiesLargeCommunitiesAndPeer() {
        PolicyMatch m = new PolicyMatch(null, null, null, Family.IPV4_UNICAST,
                List.of(Communities.parse("64512:100")), List.of(LargeCommunity.parse("64512:1:2")), "rr1");
        Policy p = new Policy("p", List.of(PolicyRule.accept(m)));
        assertNotNull(eval(p, "192.0.2.0/24", A, RR1));
        Policy byAddress = new Policy("a", List.of(PolicyRule.accept(new PolicyMatch(null, null, null, null, null, null, "198.51.100.11"))));
        assertNotNull(eval(byAddress, "192.0.2.0/24", A, new PeerFacts("x", IpAddress.parse("198.51.100.11"), 1, false)), "peer by address");
        assertNull(eval(byAddress, "192.0.2.0/24", A, new PeerFacts("rr1", IpAddress.parse("198.51.100.12"), 1, false)));
        assertNull(eval(p, "192.0.2.0/24", A, new PeerFacts("rr2", IpAddress.parse("198.51.100.12"), 1, true)));
        assertNull(eval(p, "2001:db8::/32", A, RR1));
        PathAttributes noLarge = A.toBuilder().largeCommunities((int[]) null).build();
        assertNull(eval(p, "192.0.2.0/24", noLarge, RR1));
        PathAttributes otherCommunity = A.toBuilder().communities(Communities.parse("64512:200")).build();
        assertNull(eval(p, "192.0.2.0/24", otherCommunity, RR1));
    }

    @Test
    void acceptCanSetLocalPrefAndAddCommunities() {
        Policy p = new Policy("p", List.of(new PolicyRule(PolicyMatch.ANY, PolicyRule.Verdict.ACCEPT, 300L,
                List.of(Communities.parse("64512:7")), List.of(LargeCommunity.parse("64512:9:9")))));
        PathAttributes out = eval(p, "192.0.2.0/24", A, RR1);
        assertEquals(300, out.localPref());
        assertTrue(out.hasCommunity(Communities.parse("64512:7")));
        assertTrue(out.hasCommunity(Communities.parse("64512:100")));
        assertTrue(LargeCommunity.parse("64512:9:9").in(out));
        assertTrue(LargeCommunity.parse("64512:1:2").in(out), "kept");
        assertEquals(2, out.largeCommunityCount());
        assertEquals(2, out.communityCount());
        assertSame(A, eval(new Policy("same", List.of(new PolicyRule(PolicyMatch.ANY, PolicyRule.Verdict.ACCEPT, null,
                List.of(Communities.parse("64512:100")), List.of()))), "192.0.2.0/24", A, RR1), "adding what is there changes nothing");
        assertEquals(A.nextHop(), out.nextHop());
        assertThrows(IllegalArgumentException.class, () -> new PolicyRule(PolicyMatch.ANY, PolicyRule.Verdict.REJECT, 1L, null, null));
    }

    @Test
    void communitiesParseAndPrint() {
        assertEquals("64512:100", Communities.format(Communities.parse("64512:100")));
        assertThrows(IllegalArgumentException.class, () -> Communities.parse("70000:1"));
        assertEquals(new LargeCommunity(64512, 1, 2), LargeCommunity.parse("64512:1:2"));
        assertThrows(IllegalArgumentException.class, () -> LargeCommunity.parse("1:2"));
    }
}
