package org.jbgpd.wire;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.jbgpd.wire.Wire.*;
import static org.junit.jupiter.api.Assertions.*;

class UpdateRoundTripTest {

    static final CodecOptions FOUR = new CodecOptions(true, false, Set.of());
    static final CodecOptions TWO = CodecOptions.DEFAULT;

    static PrefixBatch v4(String... prefixes) {
        return PrefixBatch.of(Family.IPV4_UNICAST, List.of(prefixes).stream().map(IpPrefix::parse).toList());
    }

    static PrefixBatch v6(String... prefixes) {
        return PrefixBatch.of(Family.IPV6_UNICAST, List.of(prefixes).stream().map(IpPrefix::parse).toList());
    }

    /** What Calico's BIRD sends for a pod block: iBGP, LOCAL_PREF 2147482623 (above 2^31 - 1024... unsigned on the wire). */
    static PathAttributes calico() {
        return PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.EMPTY)
                .nextHop(IpAddress.parse("198.51.100.11"))
                .localPref(2147482623L)
                .build();
    }

    static PathAttributes everything() {
        return PathAttributes.builder()
                .origin(Origin.INCOMPLETE)
                .asPath(new AsPath(List.of(
                        new AsPath.Segment(AsPath.AS_CONFED_SEQUENCE, new int[] {65001, 65002}),
                        new AsPath.Segment(AsPath.AS_SEQUENCE, new int[] {64512, (int) 4_200_000_000L, 3356}),
                        new AsPath.Segment(AsPath.AS_SET, new int[] {174, 1299}))))
                .nextHop(IpAddress.parse("192.0.2.1"))
                .med(4_000_000_000L)
                .localPref(100)
                .atomicAggregate(true)
                .aggregator(new Aggregator(4_200_000_001L, IpAddress.parse("192.0.2.9")))
                .communities(0xfc000001, PathAttributes.NO_EXPORT)
                .originatorId(IpAddress.parse("198.51.100.1"))
                .clusterList(0xc6336401, 0xc6336402)
                .extendedCommunities(0x0002fc0000000064L)
                .largeCommunities((int) 4_200_000_000L, 1, 2)
                .addUnknown(new RawAttribute(RawAttribute.OPTIONAL | RawAttribute.TRANSITIVE, 99, new byte[] {1, 2, 3}))
                .addUnknown(new RawAttribute(RawAttribute.OPTIONAL | RawAttribute.TRANSITIVE | RawAttribute.PARTIAL, 250, new byte[300]))
                .build();
    }

    @Test
    void calicoPodRouteRoundTripsWithUnsignedLocalPref() {
        Update u = Update.announce(calico(), v4("10.20.1.0/26", "10.20.7.64/26"));
        Update back = (Update) roundTrip(u, FOUR);
        assertEquals(u, back);
        assertEquals(2147482623L, back.attributes().localPref());
        assertEquals(List.of(u.nlri()), back.announcedBatches());
        assertEquals(IpAddress.parse("198.51.100.11"), back.nextHop(Family.IPV4_UNICAST));
        assertNull(back.endOfRib());
    }

    @Test
    void everyAttributeRoundTripsOnFourOctetSessions() {
        Update u = new Update(v4("203.0.113.0/24"), everything(), v4("0.0.0.0/0", "192.0.2.128/25", "198.51.100.7/32"), null, null);
        assertEquals(u, roundTrip(u, FOUR));
    }

    @Test
    void everyAttributeRoundTripsOnTwoOctetSessionsThroughAs4PathAndAs4Aggregator() {
        Update u = Update.announce(everything(), v4("198.51.100.0/24"));
        String wire = toHex(encode(u, TWO));
        assertTrue(wire.contains("5ba0"), "AS_TRANS 23456 stands in on the wire: " + wire);
        assertEquals(u, roundTrip(u, TWO), "AS4_PATH and AS4_AGGREGATOR merged back (RFC 6793)");
    }

    @Test
    void ipv6WithGlobalAndLinkLocalNextHop() {
        PathAttributes a = calico().toBuilder().nextHop(null)
                .mpNextHop(new MpNextHop(IpAddress.parse("2001:db8::11"), IpAddress.parse("fe80::1")))
                .build();
        Update u = Update.announce(a, v6("2001:db8:20::/64", "2001:db8:20:1:0:1::/96", "::/0", "2001:db8::1/128"));
        Update back = (Update) roundTrip(u, FOUR);
        assertEquals(u, back);
        assertEquals(IpAddress.parse("2001:db8::11"), back.nextHop(Family.IPV6_UNICAST));
        assertNull(back.nextHop(Family.IPV4_UNICAST));
        String wire = toHex(encode(u, FOUR));
        assertTrue(wire.startsWith(MARKER + wire.substring(32, 36) + "02" + "0000" + wire.substring(42, 46) + "800e"),
                "MP_REACH_NLRI is the first attribute: " + wire);
    }

    @Test
    void ipv4OverIpv6NextHopPerRfc8950() {
        PathAttributes a = calico().toBuilder().nextHop(null).mpNextHop(MpNextHop.of(IpAddress.parse("2001:db8::11"))).build();
        Update u = Update.announce(a, v4("10.20.3.0/26"));
        assertNotNull(u.mpReach(), "IPv4 with an IPv6 next hop goes in MP_REACH_NLRI");
        Update back = (Update) roundTrip(u, FOUR);
        assertEquals(u, back);
        assertEquals(IpAddress.parse("2001:db8::11"), back.nextHop(Family.IPV4_UNICAST));
    }

    @Test
    void withdrawalsOfBothFamilies() {
        Update v4 = Update.withdraw(v4("10.20.1.0/26"));
        Update v6 = Update.withdraw(v6("2001:db8:20::/64"));
        assertEquals(v4, roundTrip(v4, FOUR));
        assertEquals(v6, roundTrip(v6, FOUR));
        assertNull(((Update) roundTrip(v6, FOUR)).attributes());
        assertEquals(List.of(v6.mpUnreach()), v6.withdrawnBatches());
    }

    @Test
    void endOfRibForEachFamily() {
        for (Family f : Family.values()) {
            Update eor = Update.endOfRibMarker(f);
            Update back = (Update) roundTrip(eor, FOUR);
            assertEquals(f, back.endOfRib());
            assertEquals(eor, back);
            assertTrue(back.announcedBatches().isEmpty() && back.withdrawnBatches().isEmpty());
        }
        assertEquals(23, encode(Update.endOfRibMarker(Family.IPV4_UNICAST), FOUR).readableBytes());
    }

    @Test
    void addPathIdentifiersPerFamily() {
        CodecOptions both = new CodecOptions(true, false, Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST));
        PrefixBatch p4 = PrefixBatch.of(Family.IPV4_UNICAST, List.of(IpPrefix.parse("10.20.1.0/26"), IpPrefix.parse("10.20.1.0/26")), new int[] {1, 2});
        Update u = Update.announce(calico(), p4);
        Update back = (Update) roundTrip(u, both);
        assertEquals(u, back);
        assertEquals(2, back.nlri().pathId(1));
        PrefixBatch p6 = PrefixBatch.of(Family.IPV6_UNICAST, List.of(IpPrefix.parse("2001:db8::/48")), new int[] {7});
        Update w = new Update(null, null, null, null, p6);
        assertEquals(w, roundTrip(w, both));
        CodecOptions v4Only = new CodecOptions(true, false, Set.of(Family.IPV4_UNICAST));
        assertThrows(IllegalArgumentException.class, () -> encode(w, v4Only), "path ids where none were negotiated");
    }

    @Test
    void fullSizeUpdatePackedWithSlash24s() {
        List<IpPrefix> prefixes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) prefixes.add(IpPrefix.unpackV4(IpPrefix.packV4(0x0a000000 | i << 8, 24)));
        Update u = Update.announce(calico(), PrefixBatch.of(Family.IPV4_UNICAST, prefixes));
        int size = encode(u, FOUR).readableBytes();
        assertTrue(size <= 4096, "1000 /24s fit one message: " + size);
        assertEquals(u, roundTrip(u, FOUR));
        prefixes.add(IpPrefix.parse("10.255.255.0/24"));
        prefixes.addAll(prefixes.subList(0, 100));
        Update tooBig = Update.announce(calico(), PrefixBatch.of(Family.IPV4_UNICAST, prefixes));
        var out = io.netty.buffer.Unpooled.buffer();
        assertThrows(IllegalArgumentException.class, () -> new MessageEncoder(FOUR).encode(tooBig, out));
        assertEquals(0, out.readableBytes());
        new MessageEncoder(new CodecOptions(true, true, Set.of())).encode(tooBig, out);
        assertTrue(out.readableBytes() > 4096, "extended messages lift the limit");
    }

    @Test
    void passedOnMarksUnknownTransitivePartialAndDropsNonTransitive() {
        PathAttributes a = calico().toBuilder()
                .addUnknown(new RawAttribute(RawAttribute.OPTIONAL | RawAttribute.TRANSITIVE, 99, new byte[] {1}))
                .addUnknown(new RawAttribute(RawAttribute.OPTIONAL, 98, new byte[] {2}))
                .build();
        PathAttributes out = a.passedOn();
        assertEquals(List.of(new RawAttribute(RawAttribute.OPTIONAL | RawAttribute.TRANSITIVE | RawAttribute.PARTIAL, 99, new byte[] {1})), out.unknown());
        assertSame(out, out.passedOn());
    }

    @Test
    void identicalAttributeSetsAreEqualAndHashAlikeForInterning() {
        Update a = (Update) roundTrip(Update.announce(everything(), v4("10.0.0.0/8")), FOUR);
        Update b = (Update) roundTrip(Update.announce(everything(), v4("11.0.0.0/8")), FOUR);
        assertNotSame(a.attributes(), b.attributes());
        assertEquals(a.attributes(), b.attributes());
        assertEquals(a.attributes().hashCode(), b.attributes().hashCode());
        assertNotEquals(a.attributes(), everything().toBuilder().med(1).build());
    }

    @Test
    void multiprotocolAttributesOfOtherFamiliesAreKeptRawNeverAnError() {
        // MP_REACH_NLRI for IPv4 multicast (AFI 1, SAFI 2), next hop 192.0.2.1, prefix 224.0.0.0/4, as in old RIS dumps.
        String attrs = "800e0b" + "000102" + "04" + "c0000201" + "00" + "04e0"
                + "400101" + "00" + "400200";
        var msg = message(2, "0000" + String.format("%04x", attrs.length() / 2) + attrs);
        Update u = update(new MessageDecoder(FOUR).decodeMessage(msg));
        assertTrue(u.errors().isClean(), u.errors().toString());
        assertTrue(u.announcedBatches().isEmpty(), "nothing jbgpd routes");
        RawAttribute raw = u.attributes().unknown().getFirst();
        assertEquals(PathAttributes.MP_REACH_NLRI, raw.code());
        var nlri = Nlri.read(io.netty.buffer.Unpooled.wrappedBuffer(raw.value(), 9, 2), Family.IPV4_UNICAST, false);
        assertEquals(List.of(IpPrefix.parse("224.0.0.0/4")), nlri.toList());
        assertNull(Nlri.read(hex("21 00000000 00"), Family.IPV4_UNICAST, false), "/33 is not IPv4");
        assertEquals(u, roundTrip(u, FOUR));
        assertEquals(List.of(), u.attributes().passedOn().unknown(), "non-transitive: never passed on");
    }

    @Test
    void pureWithdrawalKeepsNoAttributes() {
        var msg = message(2, "0004 18c63364 0000");
        Update u = update(new MessageDecoder(FOUR).decodeMessage(msg));
        assertNull(u.attributes());
        assertNull(u.endOfRib());
        assertEquals(v4("198.51.100.0/24"), u.withdrawn());
    }
}
