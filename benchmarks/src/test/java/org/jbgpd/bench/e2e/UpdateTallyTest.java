package org.jbgpd.bench.e2e;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.jbgpd.bench.wire.MrtUpdateMessages;
import org.jbgpd.wire.CodecOptions;
import org.jbgpd.wire.DecodeResult;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.MessageDecoder;
import org.jbgpd.wire.MessageEncoder;
import org.jbgpd.wire.Update;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The null receiver counts what real UPDATEs carry as the project's decoder does, and knows End-of-RIB. */
class UpdateTallyTest {
    private static final int HEADER = 19;

    @Test
    void countsTheSamePrefixesAsTheDecoderOnARealRisUpdatesFile() throws Exception {
        MrtUpdateMessages mrt = MrtUpdateMessages.read(MrtUpdateMessages.locate("updates.20160811.1600.gz"));
        Map<CodecOptions, MessageDecoder> decoders = new HashMap<>();
        UpdateTally tally = new UpdateTally();
        long decoded = 0;
        long endOfRibs = 0;
        int updates = 0;
        for (int i = 0; i < mrt.messages().size(); i++) {
            CodecOptions options = mrt.options().get(i);
            byte[] m = mrt.messages().get(i);
            if (!options.addPath().isEmpty() || m.length < HEADER || m[18] != 2) continue;
            DecodeResult r = decoders.computeIfAbsent(options, MessageDecoder::new).decodeMessage(Unpooled.wrappedBuffer(m));
            if (!(r instanceof DecodeResult.Ok ok) || !(ok.message() instanceof Update u)) continue;
            tally.add(m, HEADER, m.length - HEADER);
            decoded += u.announcedCount() + u.withdrawnCount();
            if (u.endOfRib() != null) endOfRibs++;
            updates++;
        }
        assertTrue(updates > 1000, "UPDATEs in the file: " + updates);
        assertEquals(updates, tally.updates);
        assertEquals(decoded, tally.announced + tally.withdrawn);
        assertEquals(endOfRibs, tally.endOfRibs);
    }

    @Test
    void endOfRibOfEitherFamilyIsCountedAndCarriesNoRoutes() {
        UpdateTally tally = new UpdateTally();
        for (Family f : new Family[] {Family.IPV4_UNICAST, Family.IPV6_UNICAST}) {
            byte[] m = encode(Update.endOfRibMarker(f));
            assertTrue(!tally.add(m, HEADER, m.length - HEADER), f + " End-of-RIB announces nothing");
        }
        assertEquals(2, tally.endOfRibs);
        assertEquals(0, tally.announced + tally.withdrawn);
    }

    @Test
    void anUpdateWhoseLastPrefixRunsPastTheMessageIsRefusedAndNotCounted() {
        // withdrawn length 0, attribute length 0, NLRI: 10.0.0.0/24 then a /24 with only two of its three octets.
        byte[] body = {0, 0, 0, 0, 24, 10, 0, 0, 24, 10, 1};
        UpdateTally tally = new UpdateTally();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tally.add(body, 0, body.length));
        assertTrue(e.getMessage().contains("NLRI"), e.getMessage());
        assertEquals(0, tally.updates + tally.announced);
        assertTrue(tally.add(new byte[] {0, 0, 0, 0, 24, 10, 0, 0, 16, 10, 1}, 0, 11));
        assertEquals(2, tally.announced);
    }

    private static byte[] encode(Update u) {
        ByteBuf b = Unpooled.buffer();
        new MessageEncoder(new CodecOptions(true, true, Set.of())).encode(u, b);
        return ByteBufUtil.getBytes(b);
    }
}
