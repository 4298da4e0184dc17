package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import static org.jbgpd.wire.Wire.message;
import static org.jbgpd.wire.Wire.update;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A session's decoder finds attribute sets it decoded before from their octets (ADR 0093). What a user would notice
 * if it went wrong: a route with another route's attributes, or a malformed UPDATE that escapes its RFC 7606 verdict
 * because an almost equal set was seen before. So every result is compared with a fresh decoder's.
 */
class KnownAttributeSetsTest {

    static final CodecOptions FOUR = new CodecOptions(true, false, Set.of());

    /** ORIGIN, AS_PATH 65000 65001, NEXT_HOP, MED, LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR, COMMUNITIES, ORIGINATOR_ID,
     *  CLUSTER_LIST, EXTENDED_COMMUNITIES, LARGE_COMMUNITY: every attribute the comparison knows. */
    static final String ALL = "40 01 01 00" + "40 02 0a 02 02 0000fde8 0000fde9" + "40 03 04 c6336401" + "80 04 04 00000010"
            + "40 05 04 00000064" + "40 06 00" + "c0 07 08 0000fde8 c6336402" + "c0 08 08 fde80001 fde80002"
            + "80 09 04 c6336403" + "80 0a 08 c6336404 c6336405" + "c0 10 08 0002fde800000001" + "c0 20 0c 0000fde8 00000001 00000002";

    /** {@link #ALL} with AS_PATH and COMMUNITIES in the 2-octet length form, as some speakers send short attributes. */
    static final String ALL_EXTENDED = ALL.replace("40 02 0a", "50 02 000a").replace("c0 08 08", "d0 08 0008");

    /** {@link #ALL} with the Partial bit on AGGREGATOR: a form the set is not written back in, so its octets are kept. */
    static final String ALL_PARTIAL = ALL.replace("c0 07 08", "e0 07 08");

    static ByteBuf updateMessage(String attrs, String nlri) {
        attrs = attrs.replaceAll("\\s", "");
        nlri = nlri.replaceAll("\\s", "");
        return message(2, "0000" + String.format("%04x", attrs.length() / 2) + attrs + nlri);
    }

    /** ORIGIN, AS_PATH {@code asn}, NEXT_HOP: one distinct set per AS number. */
    private static String setOf(int asn) {
        return "40010100" + String.format("40020602 01%08x", asn) + "400304c6336401";
    }

    /** Loads the set's octets into {@code known} (as the decoder does for an UPDATE) and returns them. */
    private static ByteBuf load(KnownAttributeSets known, String attrs) {
        ByteBuf b = io.netty.buffer.Unpooled.wrappedBuffer(java.util.HexFormat.of().parseHex(attrs.replaceAll("\\s", "")));
        known.load(b, 0, b.readableBytes());
        return b;
    }

    @Test
    void aSetThePeerKeepsSendingIsKeptThroughSweeps() {
        KnownAttributeSets known = new KnownAttributeSets();
        PathAttributes kept = update(new MessageDecoder(FOUR).decodeMessage(updateMessage(setOf(65000), "18 cb0071"))).attributes();
        load(known, setOf(65000));
        known.remember(kept);
        // three sweep intervals of withdrawals, the set sent again every 100k events
        for (int k = 0; k < 3 * KnownAttributeSets.SWEEP_EVENTS / 100_000; k++) {
            known.withdrawn(99_999);
            load(known, setOf(65000));
            assertSame(kept, known.find(), "still known after " + (k + 1) * 100_000 + " events");
        }
    }

    @Test
    void setsNotSeenForTwoSweepsAreForgottenAndTheTableShrinks() {
        KnownAttributeSets known = new KnownAttributeSets();
        MessageDecoder fresh = new MessageDecoder(FOUR);
        for (int asn = 1; asn <= 100_000; asn++) {
            PathAttributes a = update(fresh.decodeMessage(updateMessage(setOf(asn), "18 cb0071"))).attributes();
            load(known, setOf(asn));
            known.remember(a);
        }
        assertTrue(known.size() > 50_000, "most of 100k sets are held: " + known.size());
        assertTrue(known.slots() >= 1 << 17);
        // the peer withdraws its whole table on the live session: 1M prefixes in UPDATEs without attributes
        for (int i = 0; i < 1000; i++) known.withdrawn(1000);
        assertEquals(0, known.size(), "no set kept for a peer that withdrew everything");
        assertEquals(KnownAttributeSets.INITIAL_SLOTS, known.slots());
        load(known, setOf(7));
        assertNull(known.find());
    }

    /**
     * A diverse full table as BIRD 2 sends it (ADR 0093): 125k sets, one UPDATE per prefix, every set again 125k UPDATEs
     * later. The table holds at most {@link KnownAttributeSets#MAX_SLOTS} (256k) slots, about twice the sets; with two
     * ways per slot ~19 % of the repeats found their set pushed out by another (a new decode, and a copy the route
     * engine has to compare field by field), so 500k UPDATEs gave ~200k set objects. Every repeat is found now but for
     * the few sets of overfull buckets (ADR 0131).
     */
    @Test
    void aDiverseFullTableFindsNearlyEveryRepeatOfItsSets() {
        int sets = 125_000;
        MessageDecoder session = new MessageDecoder(FOUR);
        Map<PathAttributes, Boolean> objects = new IdentityHashMap<>();
        for (int round = 0; round < 4; round++) {
            for (int s = 0; s < sets; s++) {
                int asn = 0x0101_0000 + s * 7919; // 125k distinct AS numbers, spread
                String communities = String.format("c00808 %08x %08x", asn, s);
                Update u = update(session.decodeMessage(updateMessage(setOf(asn) + communities, String.format("18 %06x", s))));
                objects.put(u.attributes(), Boolean.TRUE);
            }
        }
        assertTrue(objects.size() < sets * 102 / 100, "set objects for " + sets + " sets sent four times: " + objects.size());
    }

    /** Sets that differ in everything but the NEXT_HOP share its address object (ADR 0131), and an equal value each. */
    @Test
    void setsWithTheSameNextHopShareOneAddressObject() {
        MessageDecoder session = new MessageDecoder(FOUR);
        PathAttributes a = update(session.decodeMessage(updateMessage(setOf(65001), "18 cb0071"))).attributes();
        PathAttributes b = update(session.decodeMessage(updateMessage(setOf(65002), "18 cb0072"))).attributes();
        PathAttributes c = update(session.decodeMessage(updateMessage(setOf(65003).replace("c6336401", "c6336402"), "18 cb0073"))).attributes();
        PathAttributes d = update(session.decodeMessage(updateMessage(setOf(65004), "18 cb0074"))).attributes();
        assertNotSame(a, b);
        assertSame(a.nextHop(), b.nextHop());
        assertEquals(IpAddress.parse("198.51.100.1"), a.nextHop());
        assertEquals(IpAddress.parse("198.51.100.2"), c.nextHop(), "another address is another value");
        assertEquals(IpAddress.parse("198.51.100.1"), d.nextHop(), "and the first one after it is right again");
    }

    @Test
    void aSetSeenBeforeIsHandedBackAsTheSameObjectWithTheSameResult() {
        MessageDecoder session = new MessageDecoder(FOUR);
        Update first = update(session.decodeMessage(updateMessage(ALL, "18 cb0071")));
        ByteBuf second = updateMessage(ALL, "18 cb0072");
        Update again = update(session.decodeMessage(second));
        assertSame(first.attributes(), again.attributes(), "the second UPDATE reuses the first one's set");
        assertEquals(update(new MessageDecoder(FOUR).decodeMessage(second)), again, "and decodes to what a fresh decoder makes of it");
        assertEquals("[203.0.114.0/24]", again.nlri().toList().toString());
    }

    /**
     * Every single-bit change of the attribute octets, after the unchanged set has been seen: the session's decoder
     * gives exactly the fresh decoder's result (same set, another set, a verdict, or a session reset), and never hands
     * back the known set for changed octets, not even where a fresh decode gives an equal set (a Partial bit or an
     * unused flag bit, which the decoder ignores): only the very octets a set was decoded from find it (ADR 0107).
     */
    @ParameterizedTest
    @ValueSource(strings = {"standard", "extended", "partial"})
    void everyOneBitChangeOfAKnownSetDecodesAsAFreshDecoderDecodesIt(String form) {
        String set = switch (form) { case "extended" -> ALL_EXTENDED; case "partial" -> ALL_PARTIAL; default -> ALL; };
        String attrs = set.replaceAll("\\s", "");
        byte[] octets = java.util.HexFormat.of().parseHex(attrs);
        MessageDecoder session = new MessageDecoder(FOUR);
        PathAttributes known = update(session.decodeMessage(updateMessage(attrs, "18 cb0071"))).attributes();
        assertSame(known, update(session.decodeMessage(updateMessage(attrs, "18 cb0072"))).attributes(), "the unchanged octets find the set");
        int equalButDecoded = 0;
        for (int i = 0; i < octets.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] changed = octets.clone();
                changed[i] ^= (byte) (1 << bit);
                String hex = java.util.HexFormat.of().formatHex(changed);
                DecodeResult fresh = new MessageDecoder(FOUR).decodeMessage(updateMessage(hex, "18 cb0072"));
                session.decodeMessage(updateMessage(attrs, "18 cb0071")); // the unchanged set is known again
                DecodeResult viaSession = session.decodeMessage(updateMessage(hex, "18 cb0072"));
                assertEquals(fresh, viaSession, "octet " + i + " bit " + bit + " changed: " + hex);
                if (viaSession instanceof DecodeResult.Ok ok && ok.message() instanceof Update u && u.attributes() != null) {
                    assertNotSame(known, u.attributes(), hex);
                    if (u.attributes().equals(known)) equalButDecoded++;
                }
            }
        }
        assertTrue(equalButDecoded > 0, "octets that decode to an equal set (ignored flag bits) were decoded, not found");
    }

    /**
     * A set sent in the standard form (ascending types, standard flags, either length form) is kept without a copy of
     * its octets (ADR 0147): the slot holds which attributes had the 2-octet length, and a repeat is compared with the
     * set written out again. Any other form keeps its octets. Both are found again.
     */
    @Test
    void setsInTheStandardFormKeepNoCopyOfTheirOctets() {
        String reversed = "c0 08 04 fde80001" + "40 03 04 c6336401" + "40 02 06 02 01 0000fde8" + "40 01 01 00";
        String[] sets = {ALL, ALL_EXTENDED, ALL_PARTIAL, reversed};
        int[] copies = {0, 0, 1, 2};
        KnownAttributeSets known = new KnownAttributeSets();
        PathAttributes[] decoded = new PathAttributes[sets.length];
        for (int i = 0; i < sets.length; i++) {
            decoded[i] = update(new MessageDecoder(FOUR).decodeMessage(updateMessage(sets[i], "18 cb0071"))).attributes();
            load(known, sets[i]);
            assertNull(known.find(), sets[i]);
            known.remember(decoded[i]);
            assertEquals(copies[i], known.octetCopies(), "octet copies after " + sets[i]);
        }
        for (int i = 0; i < sets.length; i++) {
            load(known, sets[i]);
            assertSame(decoded[i], known.find(), sets[i]);
        }
        assertEquals(decoded[0], decoded[1], "the 2-octet length form decodes to an equal set");
        load(known, ALL_EXTENDED);
        assertNotSame(decoded[0], known.find(), "but each form finds its own");
    }

    @Test
    void theSameValuesInAnotherLengthFormOrOrderAreStillRightAndDuplicatesStillGetTheirVerdict() {
        MessageDecoder session = new MessageDecoder(FOUR);
        String base = "40 01 01 00" + "40 02 06 02 01 0000fde8" + "40 03 04 c6336401" + "c0 08 04 fde80001";
        Update known = update(session.decodeMessage(updateMessage(base, "18 cb0071")));
        for (String variant : new String[] {
                "40 01 01 00" + "40 02 06 02 01 0000fde8" + "40 03 04 c6336401" + "d0 08 0004 fde80001",   // extended length
                "c0 08 04 fde80001" + "40 03 04 c6336401" + "40 02 06 02 01 0000fde8" + "40 01 01 00",     // other order
                base + "c0 08 04 fde80001",                                                                 // duplicate
                base + "80 0e 05 0001 01 00 00",                                                            // MP_REACH inside
                base + "c0 11 06 02 01 0000fde9",                                                           // AS4_PATH on a 4-octet session
                base + "c0 63 02 abcd",                                                                     // unknown optional
                "40 01 01 00" + "40 02 06 02 01 0000fde8" + "40 03 04 c6336401",                            // one attribute fewer
                base.substring(0, base.length() - 2)}) {                                                    // truncated
            DecodeResult fresh = new MessageDecoder(FOUR).decodeMessage(updateMessage(variant, "18 cb0072"));
            DecodeResult viaSession = session.decodeMessage(updateMessage(variant, "18 cb0072"));
            assertEquals(fresh, viaSession, variant);
            if (viaSession instanceof DecodeResult.Ok ok && ok.message() instanceof Update u) assertNotSame(known.attributes(), u.attributes(), variant);
        }
    }

    /** A 2-octet AS session never uses the comparison (AS4_PATH can rewrite AS_PATH there). */
    @Test
    void twoOctetSessionsDecodeEveryTime() {
        MessageDecoder session = new MessageDecoder(CodecOptions.DEFAULT);
        String attrs = "40 01 01 00" + "40 02 04 02 01 fde8" + "40 03 04 c6336401";
        Update a = update(session.decodeMessage(updateMessage(attrs, "18 cb0071")));
        Update b = update(session.decodeMessage(updateMessage(attrs, "18 cb0072")));
        assertEquals(a.attributes(), b.attributes());
        assertNotSame(a.attributes(), b.attributes());
    }

    /** The RIS files through one decoder per session kind give what fresh decoders give, and sets do repeat there. */
    @Test
    void realTrafficThroughLongLivedDecodersMatchesFreshDecoders() throws Exception {
        long reused = 0;
        for (String file : new String[] {"updates.20160811.1600.gz", "updates.20070211.0141.gz"}) {
            MrtUpdates mrt = MrtUpdates.read(getClass().getResourceAsStream("/mrt/" + file));
            Map<CodecOptions, MessageDecoder> sessions = new HashMap<>();
            Map<CodecOptions, MessageDecoder> streams = new HashMap<>();
            Map<PathAttributes, Boolean> seen = new IdentityHashMap<>();
            for (int i = 0; i < mrt.messages().size(); i++) {
                CodecOptions o = mrt.options().get(i);
                ByteBuf m = mrt.messages().get(i);
                DecodeResult fresh = new MessageDecoder(o).decodeMessage(m);
                DecodeResult viaSession = sessions.computeIfAbsent(o, MessageDecoder::new).decodeMessage(m);
                assertEquals(fresh, viaSession, file + " message " + i);
                // As a session reads it: framed from a direct buffer, header and UPDATE read from the decoder's copy (ADR 0131).
                ByteBuf socket = io.netty.buffer.Unpooled.directBuffer(m.readableBytes()).writeBytes(m, m.readerIndex(), m.readableBytes());
                assertEquals(fresh, streams.computeIfAbsent(o, MessageDecoder::new).decode(socket), file + " message " + i + " from a stream");
                assertEquals(0, socket.readableBytes());
                socket.release();
                if (viaSession instanceof DecodeResult.Ok ok && ok.message() instanceof Update u && u.attributes() != null
                        && seen.put(u.attributes(), Boolean.TRUE) != null) {
                    reused++;
                }
            }
        }
        assertTrue(reused > 1000, "sets found again in real traffic: " + reused);
    }
}
