package org.jbgpd.wire;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.jbgpd.wire.UpdateErrors.Action.*;
import static org.jbgpd.wire.Wire.*;
import static org.junit.jupiter.api.Assertions.*;

/** Each malformed case of RFC 7606 (and RFC 4271 §6.3 where 7606 keeps it) with the verdict a user sees. */
class Rfc7606Test {

    static final CodecOptions FOUR = new CodecOptions(true, false, Set.of());
    static final CodecOptions TWO = CodecOptions.DEFAULT;

    static final String ORIGIN = "40 01 01 00";
    static final String AS_PATH = "40 02 06 02 01 0000fde8";          // AS_SEQUENCE 65000
    static final String AS_PATH_2 = "40 02 04 02 01 fde8";            // the same on a 2-octet session
    static final String NEXT_HOP = "40 03 04 c6336401";               // 198.51.100.1
    static final String NLRI = "18 cb0071";                           // 203.0.113.0/24
    static final String BASE = ORIGIN + AS_PATH + NEXT_HOP;
    static final String MP_REACH_V6 = "90 0e 001a 0002 01 10 20010db8000000000000000000000001 00 20 20010db8"; // 2001:db8::/32 via 2001:db8::1

    static String clean(String hex) {
        return hex.replaceAll("[\\s|]", "");
    }

    static DecodeResult decode(CodecOptions o, String withdrawn, String attrs, String nlri) {
        withdrawn = clean(withdrawn);
        attrs = clean(attrs);
        String body = String.format("%04x", withdrawn.length() / 2) + withdrawn + String.format("%04x", attrs.length() / 2) + attrs + clean(nlri);
        return new MessageDecoder(o).decodeMessage(message(2, body));
    }

    static Update decode(String attrs) {
        return update(decode(FOUR, "", attrs, NLRI));
    }

    static void assertVerdict(UpdateErrors.Action action, Update u) {
        assertEquals(action, u.errors().action(), u.errors().problems().toString());
        if (action == TREAT_AS_WITHDRAW) {
            assertTrue(u.announcedBatches().isEmpty(), "nothing announced");
            assertEquals(List.of(IpPrefix.parse("203.0.113.0/24")), u.withdrawnBatches().getFirst().toList(), "the NLRI are withdrawn instead");
        }
    }

    @Test
    void cleanUpdateDecodesWithoutVerdict() {
        Update u = decode(BASE);
        assertTrue(u.errors().isClean());
        assertEquals(List.of(IpPrefix.parse("203.0.113.0/24")), u.announcedBatches().getFirst().toList());
        assertEquals("65000", u.attributes().asPath().toString());
    }

    @Test
    void originWithWrongLengthOrUndefinedValueIsTreatAsWithdraw() {                      // §7.1
        assertVerdict(TREAT_AS_WITHDRAW, decode("40 01 02 0000" + AS_PATH + NEXT_HOP));
        assertVerdict(TREAT_AS_WITHDRAW, decode("40 01 01 03" + AS_PATH + NEXT_HOP));
    }

    @Test
    void malformedAsPathIsTreatAsWithdraw() {                                            // §7.2
        assertVerdict(TREAT_AS_WITHDRAW, decode(ORIGIN + "40 02 06 02 02 0000fde8" + NEXT_HOP));  // segment overruns
        assertVerdict(TREAT_AS_WITHDRAW, decode(ORIGIN + "40 02 06 05 01 0000fde8" + NEXT_HOP));  // type 5
        assertVerdict(TREAT_AS_WITHDRAW, decode(ORIGIN + "40 02 02 02 00" + NEXT_HOP));           // empty segment
        assertVerdict(TREAT_AS_WITHDRAW, decode(ORIGIN + "40 02 07 02 01 0000fde8 00" + NEXT_HOP)); // trailing octet
        assertVerdict(TREAT_AS_WITHDRAW, decode(ORIGIN + "40 02 06 02 01 00000000" + NEXT_HOP));  // AS 0 (RFC 7607)
        // A 2-octet path on a 4-octet session is malformed too (the classic mismatch).
        assertVerdict(TREAT_AS_WITHDRAW, decode(ORIGIN + AS_PATH_2 + "40 02 04 02 01 fde8".substring(0, 0) + NEXT_HOP));
    }

    @Test
    void nextHopMedLocalPrefOfWrongLengthAreTreatAsWithdraw() {                          // §7.3, §7.4, §7.5
        assertVerdict(TREAT_AS_WITHDRAW, decode(ORIGIN + AS_PATH + "40 03 05 c633640101"));
        assertVerdict(TREAT_AS_WITHDRAW, decode(BASE + "80 04 03 000001"));
        assertVerdict(TREAT_AS_WITHDRAW, decode(BASE + "40 05 02 0064"));
    }

    @Test
    void localPrefIsUnsigned32Bit() {
        Update u = decode(BASE + "40 05 04 7ffffbff");          // Calico's 2147482623
        assertEquals(2147482623L, u.attributes().localPref());
        assertEquals(4294967295L, decode(BASE + "40 05 04 ffffffff").attributes().localPref());
        assertEquals(-1, decode(BASE).attributes().localPref(), "absent is -1, never 0");
    }

    @Test
    void atomicAggregateWithALengthIsDiscardedAndTheRoutesKept() {                      // §7.6
        Update u = decode(BASE + "40 06 01 00");
        assertVerdict(ATTRIBUTE_DISCARD, u);
        assertFalse(u.attributes().atomicAggregate());
        assertEquals(1, u.announcedCount());
    }

    @Test
    void aggregatorOfWrongLengthIsDiscarded() {                                          // §7.7
        Update u = decode(BASE + "c0 07 06 fde8 c0000201");      // 6 octets on a 4-octet session
        assertVerdict(ATTRIBUTE_DISCARD, u);
        assertNull(u.attributes().aggregator());
        assertEquals(new Aggregator(65000, IpAddress.parse("192.0.2.1")), decode(BASE + "c0 07 08 0000fde8 c0000201").attributes().aggregator());
        assertVerdict(ATTRIBUTE_DISCARD, decode(BASE + "c0 07 08 00000000 c0000201"));   // AS 0 (RFC 7607)
    }

    @Test
    void communityListsOfBadLengthAreTreatAsWithdraw() {                                 // §7.8, §7.10, §7.14, RFC 8092 §6
        assertVerdict(TREAT_AS_WITHDRAW, decode(BASE + "c0 08 05 fde8000101"));
        assertVerdict(TREAT_AS_WITHDRAW, decode(BASE + "c0 08 00"));
        assertVerdict(TREAT_AS_WITHDRAW, decode(BASE + "80 0a 06 c0000201 0000"));
        assertVerdict(TREAT_AS_WITHDRAW, decode(BASE + "c0 10 0c 0002fde800000064 00000000"));
        assertVerdict(TREAT_AS_WITHDRAW, decode(BASE + "c0 20 08 0000fde8 00000001"));
        Update ok = decode(BASE + "c0 08 08 fde80001 ffffff01" + "c0 20 0c 0000fde8 00000001 00000002");
        assertTrue(ok.attributes().hasCommunity(PathAttributes.NO_EXPORT));
        assertEquals(2, ok.attributes().largeCommunity(0, 2));
    }

    @Test
    void originatorIdOfWrongLengthIsTreatAsWithdraw() {                                  // §7.9
        assertVerdict(TREAT_AS_WITHDRAW, decode(BASE + "80 09 03 c00002"));
    }

    @Test
    void conflictingOptionalOrTransitiveFlagsAreTreatAsWithdraw() {                      // §3 c
        assertVerdict(TREAT_AS_WITHDRAW, decode("c0 01 01 00" + AS_PATH + NEXT_HOP));     // ORIGIN marked optional
        assertVerdict(TREAT_AS_WITHDRAW, decode(BASE + "c0 04 04 00000001"));             // MED marked transitive
        assertEquals(IpAddress.parse("198.51.100.1"), decode("50 01 0001 00" + AS_PATH + NEXT_HOP).attributes().nextHop(),
                "the Extended Length bit alone is no conflict");
    }

    @Test
    void multiprotocolFlagsErrorResetsTheSession() {
        sessionError(decode(FOUR, "", BASE + MP_REACH_V6.replaceFirst("90 0e", "d0 0e"), ""), 3, 4);
    }

    @Test
    void duplicateAttributesKeepTheFirst() {                                             // §3 g
        Update u = decode(BASE + "40 01 01 02");
        assertVerdict(ATTRIBUTE_DISCARD, u);
        assertEquals(Origin.IGP, u.attributes().origin());
    }

    @Test
    void duplicateMultiprotocolAttributesResetTheSession() {                             // §3 g
        sessionError(decode(FOUR, "", MP_REACH_V6 + BASE + MP_REACH_V6, ""), 3, 1);
        sessionError(decode(FOUR, "", "80 0f 03 000201 80 0f 03 000201", ""), 3, 1);
    }

    @Test
    void strongestActionWins() {                                                         // §3 h
        Update u = decode(BASE + "40 06 01 00" + "c0 08 05 fde8000101");
        assertVerdict(TREAT_AS_WITHDRAW, u);
        assertEquals(2, u.errors().problems().size(), "both problems are reported");
    }

    @Test
    void missingWellKnownAttributesAreTreatAsWithdraw() {                                // §3 d
        assertVerdict(TREAT_AS_WITHDRAW, decode(AS_PATH + NEXT_HOP));
        assertVerdict(TREAT_AS_WITHDRAW, decode(ORIGIN + NEXT_HOP));
        assertVerdict(TREAT_AS_WITHDRAW, decode(ORIGIN + AS_PATH));
        Update mpOnly = update(decode(FOUR, "", MP_REACH_V6 + ORIGIN + AS_PATH, ""));
        assertTrue(mpOnly.errors().isClean(), "NEXT_HOP is not needed when only MP_REACH_NLRI announces (RFC 4760)");
        assertEquals(List.of(IpPrefix.parse("2001:db8::/32")), mpOnly.announcedBatches().getFirst().toList());
    }

    @Test
    void attributeOverrunningTheTotalLengthIsTreatAsWithdrawAndTheNlriStillFound() {     // §4
        assertVerdict(TREAT_AS_WITHDRAW, decode(BASE + "c0 08 08 fde80001"));            // claims 8, has 4
        assertVerdict(TREAT_AS_WITHDRAW, decode(BASE + "c0 08"));                          // fewer than 3 octets left
        assertVerdict(TREAT_AS_WITHDRAW, decode(BASE + "d0 08 00"));                       // extended header cut
    }

    @Test
    void overrunWithNothingLocatableResetsTheSession() {
        sessionError(decode(FOUR, "", ORIGIN + "c0 08 08 fde80001", ""), 3, 1);
    }

    @Test
    void lengthFieldsBeyondTheMessageResetTheSession() {                                  // RFC 4271 §6.3
        sessionError(new MessageDecoder(FOUR).decodeMessage(message(2, "0005 18cb00 0000")), 3, 1);
        sessionError(new MessageDecoder(FOUR).decodeMessage(message(2, "0000 0010 40010100")), 3, 1);
    }

    @Test
    void unparsableNlriResetsTheSession() {                                              // §5.3
        sessionError(decode(FOUR, "", BASE, "21 cb007100 00"), 3, 10);                    // /33
        sessionError(decode(FOUR, "", BASE, "18 cb00"), 3, 10);                           // cut short
        sessionError(decode(FOUR, "19 cb0071", "", ""), 3, 10);                           // withdrawn /25 missing an octet
    }

    @Test
    void brokenMpReachDisablesItsFamily() {                                              // §7.11
        Update badNextHop = update(decode(FOUR, "", "90 0e 0016 0002 01 0c 20010db8000000000000000000 00 20 20010db8" + ORIGIN + AS_PATH, ""));
        assertEquals(AFI_SAFI_DISABLE, badNextHop.errors().action(), badNextHop.errors().toString());
        assertEquals(Family.IPV6_UNICAST, badNextHop.errors().disabledFamily());
        Update badPrefix = update(decode(FOUR, "", "90 0e 001a 0002 01 10 20010db8000000000000000000000001 00 81 20010db8" + ORIGIN + AS_PATH, ""));
        assertEquals(Family.IPV6_UNICAST, badPrefix.errors().disabledFamily());
        Update ipv4Too = update(decode(FOUR, "", "90 0e 001a 0002 01 10 20010db8000000000000000000000001 00 81 20010db8" + BASE, NLRI));
        assertEquals(List.of(IpPrefix.parse("203.0.113.0/24")), ipv4Too.announcedBatches().getFirst().toList(), "IPv4 carries on");
    }

    @Test
    void twoBrokenFamiliesResetTheSession() {
        sessionError(decode(FOUR, "", "90 0e 001a 0002 01 10 20010db8000000000000000000000001 00 81 20010db8" + "80 0f 05 000101 21 00", ""), 3, 9);
    }

    @Test
    void mpAttributesTooShortToNameAFamilyResetTheSession() {
        sessionError(decode(FOUR, "", "80 0e 03 000201", ""), 3, 9);
        sessionError(decode(FOUR, "", "80 0f 02 0002", ""), 3, 9);
    }

    @Test
    void treatAsWithdrawAlsoWithdrawsMpReachPrefixes() {
        Update u = update(decode(FOUR, "", MP_REACH_V6 + ORIGIN + AS_PATH + "c0 08 05 fde8000101", ""));
        assertEquals(TREAT_AS_WITHDRAW, u.errors().action());
        assertEquals(List.of(IpPrefix.parse("2001:db8::/32")), u.withdrawnBatches().getFirst().toList());
        assertTrue(u.announcedBatches().isEmpty());
    }

    @Test
    void unrecognisedWellKnownAttributeIsTreatAsWithdraw() {
        assertVerdict(TREAT_AS_WITHDRAW, decode(BASE + "40 64 01 00"));
    }

    @Test
    void unknownOptionalTransitiveAttributeIsKeptByteForByte() {
        Update u = decode(BASE + "e0 63 03 010203");
        assertTrue(u.errors().isClean());
        assertEquals(List.of(new RawAttribute(0xe0, 0x63, new byte[] {1, 2, 3})), u.attributes().unknown());
    }

    @Test
    void as4PathIsMergedOnTwoOctetSessions() {                                           // RFC 6793 §4.2.3
        // AS_PATH 65000 23456 23456 (AS_TRANS twice), AS4_PATH 4200000000 4200000001.
        String attrs = ORIGIN + "40 02 08 02 03 fde8 5ba0 5ba0" + NEXT_HOP + "c0 11 0a 02 02 fa56ea00 fa56ea01";
        Update u = update(decode(TWO, "", attrs, NLRI));
        assertEquals("65000 4200000000 4200000001", u.attributes().asPath().toString());
        assertEquals(1, u.attributes().asPath().segments().size(), "adjacent sequences joined");
        Update longer = update(decode(TWO, "", ORIGIN + "40 02 04 02 01 5ba0" + NEXT_HOP + "c0 11 0a 02 02 fa56ea00 fa56ea01", NLRI));
        assertEquals("23456", longer.attributes().asPath().toString(), "AS4_PATH longer than AS_PATH is ignored");
    }

    @Test
    void malformedAs4PathIsDiscardedAndAsPathKept() {                                    // RFC 6793 §6
        String attrs = ORIGIN + "40 02 06 02 02 fde8 5ba0" + NEXT_HOP + "c0 11 06 03 01 fa56ea00";  // confed segment
        Update u = update(decode(TWO, "", attrs, NLRI));
        assertEquals(ATTRIBUTE_DISCARD, u.errors().action());
        assertEquals("65000 23456", u.attributes().asPath().toString());
        assertEquals(1, u.announcedCount());
    }

    @Test
    void as4AttributesOnFourOctetSessionsAreIgnored() {
        Update u = decode(BASE + "c0 11 06 02 01 fa56ea00");
        assertEquals(ATTRIBUTE_DISCARD, u.errors().action());
        assertEquals("65000", u.attributes().asPath().toString());
    }

    @Test
    void as4AggregatorReplacesAsTransOnlyWhenAggregatorSaysAsTrans() {
        String as4agg = "c0 12 08 fa56ea00 c0000202";
        Update trans = update(decode(TWO, "", ORIGIN + AS_PATH_2 + NEXT_HOP + "c0 07 06 5ba0 c0000201" + as4agg, NLRI));
        assertEquals(new Aggregator(4_200_000_000L, IpAddress.parse("192.0.2.2")), trans.attributes().aggregator());
        Update stale = update(decode(TWO, "", ORIGIN + AS_PATH_2 + NEXT_HOP + "c0 07 06 fde9 c0000201" + as4agg, NLRI));
        assertEquals(new Aggregator(65001, IpAddress.parse("192.0.2.1")), stale.attributes().aggregator());
    }

    @Test
    void addPathIdentifiersAreReadPerFamily() {
        CodecOptions ap = new CodecOptions(true, false, Set.of(Family.IPV4_UNICAST));
        Update u = update(decode(ap, "00000009 18 c63364", BASE, "00000001 18 cb0071 00000002 18 cb0071"));
        assertEquals(2, u.nlri().size());
        assertEquals(2, u.nlri().pathId(1));
        assertEquals(9, u.withdrawn().pathId(0));
        sessionError(decode(FOUR, "", BASE, "00000001 18 cb0071"), 3, 10); // ids where none were negotiated do not parse
    }

    @Test
    void hostBitsInNlriAreCleared() {
        Update u = decode(FOUR, "", BASE, "17 cb0071") instanceof DecodeResult.Ok ok ? (Update) ok.message() : null;
        assertEquals(List.of(IpPrefix.parse("203.0.112.0/23")), u.nlri().toList());
    }

    @Test
    void disablingOneFamilyStillWithdrawsTheOthersWhenTheyAreMalformedToo() {
        // IPv4 NLRI without ORIGIN (treat-as-withdraw) next to a broken IPv6 MP_REACH (AFI/SAFI disable).
        Update u = update(decode(FOUR, "", "90 0e 001a 0002 01 10 20010db8000000000000000000000001 00 81 20010db8" + AS_PATH + NEXT_HOP, NLRI));
        assertEquals(AFI_SAFI_DISABLE, u.errors().action());
        assertTrue(u.errors().withdrawAll());
        assertTrue(u.announcedBatches().isEmpty(), "nothing without ORIGIN gets installed");
        assertEquals(List.of(IpPrefix.parse("203.0.113.0/24")), u.withdrawnBatches().getFirst().toList());
    }
}
