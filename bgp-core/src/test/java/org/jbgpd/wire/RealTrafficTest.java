package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every BGP message in the RIPE RIS update files decodes cleanly, and the number of prefixes
 * announced and withdrawn matches what bgpdump printed for the same file (one line per prefix).
 * Then each decoded UPDATE is encoded and decoded again: the model survives the round trip.
 */
class RealTrafficTest {

    @ParameterizedTest
    @ValueSource(strings = {"updates.20160811.1600.gz", "updates.20070211.0141.gz"})
    void ripeRisUpdatesDecodeCleanlyAndMatchBgpdumpCounts(String file) throws Exception {
        MrtUpdates mrt = MrtUpdates.read(getClass().getResourceAsStream("/mrt/" + file));
        long announced = 0, withdrawn = 0, updates = 0;
        for (int i = 0; i < mrt.messages().size(); i++) {
            CodecOptions o = mrt.options().get(i);
            DecodeResult r = new MessageDecoder(o).decodeMessage(mrt.messages().get(i));
            assertInstanceOf(DecodeResult.Ok.class, r, () -> file + ": " + r);
            if (!(((DecodeResult.Ok) r).message() instanceof Update u)) continue;
            updates++;
            assertTrue(u.errors().isClean() || u.errors().action() == UpdateErrors.Action.NONE, () -> file + ": " + u.errors());
            announced += u.announcedCount();
            withdrawn += u.withdrawnCount();
            if (u.attributes() != null) {
                for (RawAttribute raw : u.attributes().unknown()) {
                    // IPv4 multicast (SAFI 2) in the 2007 file: jbgpd does not route it, bgpdump prints it.
                    int afi = (raw.value()[0] & 0xff) << 8 | (raw.value()[1] & 0xff);
                    if (raw.code() == PathAttributes.MP_REACH_NLRI) announced += otherFamilyPrefixes(raw, afi, true);
                    if (raw.code() == PathAttributes.MP_UNREACH_NLRI) withdrawn += otherFamilyPrefixes(raw, afi, false);
                }
            }
            ByteBuf again = Unpooled.buffer();
            new MessageEncoder(o).encode(u, again);
            assertEquals(u, ((DecodeResult.Ok) new MessageDecoder(o).decodeMessage(again)).message(), file + ": round trip of " + u);
        }
        long[] expected = bgpdumpCounts("/mrt/" + file + ".expected.gz");
        assertTrue(updates > 0 || file.contains("mask"), "found UPDATEs in " + file);
        assertEquals(expected[0], announced, file + ": announced prefixes (bgpdump A lines)");
        assertEquals(expected[1], withdrawn, file + ": withdrawn prefixes (bgpdump W lines)");
    }

    private static int otherFamilyPrefixes(RawAttribute raw, int afi, boolean reach) {
        byte[] v = raw.value();
        int nlriAt = reach ? 4 + (v[3] & 0xff) + 1 : 3;
        PrefixBatch p = Nlri.read(Unpooled.wrappedBuffer(v, nlriAt, v.length - nlriAt), afi == 2 ? Family.IPV6_UNICAST : Family.IPV4_UNICAST, false);
        assertNotNull(p, "prefixes of AFI " + afi + " parse");
        return p.size();
    }

    @org.junit.jupiter.api.Test
    void trailingGarbageAfterTheLastPrefixResetsALiveSession() throws Exception {
        // RIS recorded an UPDATE whose NLRI ends in a lone length octet; bgpdump prints the prefix before it.
        MrtUpdates mrt = MrtUpdates.read(getClass().getResourceAsStream("/mrt/updates.nlri_mask_trailing_bits.gz"));
        DecodeResult r = new MessageDecoder(mrt.options().getFirst()).decodeMessage(mrt.messages().getFirst());
        assertEquals(Notification.of(3, 10), ((DecodeResult.SessionError) r).notification());
        ByteBuf msg = mrt.messages().getFirst();
        PrefixBatch first = Nlri.read(msg.slice(msg.readableBytes() - 4, 3), Family.IPV4_UNICAST, false);
        assertEquals("[11.8.0.0/13]", first.toList().toString(), "bits past /13 are cleared");
    }

    private long[] bgpdumpCounts(String resource) throws Exception {
        long a = 0, w = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(getClass().getResourceAsStream(resource)), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("\\|", -1);
                if (f.length > 2 && f[2].equals("A")) a++;
                if (f.length > 2 && f[2].equals("W")) w++;
            }
        }
        return new long[] {a, w};
    }
}
