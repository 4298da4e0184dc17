package org.jbgpd.wire;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A decoded UPDATE with one IPv4 prefix keeps it in the batch object (ADR 0121): it must behave as any other batch. */
class OnePrefixBatchTest {

    private static PrefixBatch decodedFromArray(String fieldHex) throws MalformedMessage {
        byte[] field = Wire.bytes(Wire.hex(fieldHex));
        return NlriParser.parse(Unpooled.wrappedBuffer(field), 0, field.length, Family.IPV4_UNICAST, false);
    }

    @Test
    void oneDecodedPrefixEqualsTheSameBatchBuiltFromArrays() throws MalformedMessage {
        // 10.20.3.0/24 and 192.0.2.128/25 with a stray bit past the length, which the decoder clears
        for (String hex : new String[] {"180a1403", "19c00002ff", "00", "20cb007101"}) {
            PrefixBatch one = decodedFromArray(hex);
            PrefixBatch viaBuffer = NlriParser.parse(Unpooled.directBuffer().writeBytes(Wire.hex(hex)), 0, hex.length() / 2,
                    Family.IPV4_UNICAST, false);
            assertEquals(1, one.size());
            assertEquals(viaBuffer, one);
            assertEquals(one, viaBuffer);
            assertEquals(viaBuffer.hashCode(), one.hashCode());
            assertEquals(viaBuffer.toString(), one.toString());
            assertEquals(viaBuffer.packedV4(0), one.packedV4(0));
            assertEquals(viaBuffer.length(0), one.length(0));
            assertEquals(viaBuffer.prefix(0), one.prefix(0));
            assertEquals(viaBuffer.encodedLength(), one.encodedLength());
            assertEquals(viaBuffer.slice(0, 1), one.slice(0, 1));
            assertTrue(one.slice(1, 1).isEmpty());
            assertEquals(0, one.pathId(0));
            assertFalse(one.hasPathIds());
            assertThrows(IndexOutOfBoundsException.class, () -> one.packedV4(1));
        }
        assertEquals(List.of(IpPrefix.parse("192.0.2.128/25")), decodedFromArray("19c00002ff").toList());
        assertNotEquals(decodedFromArray("180a1403"), decodedFromArray("180a1404"));
        assertNotEquals(decodedFromArray("180a1403"), decodedFromArray("170a1403"));
    }

    @Test
    void oneDecodedPrefixRoundTripsThroughTheEncoder() {
        CodecOptions o = new CodecOptions(true, false, java.util.Set.of());
        PathAttributes a = PathAttributes.builder().origin(Origin.IGP).asPath(AsPath.sequence(new long[] {64512, 65001}))
                .nextHop(IpAddress.parse("198.51.100.11")).build();
        Update u = Update.announce(a, PrefixBatch.of(Family.IPV4_UNICAST, List.of(IpPrefix.parse("10.20.3.0/24"))));
        Update back = (Update) Wire.roundTrip(u, o);
        assertEquals(u, back);
        assertEquals(1, back.nlri().size());
        assertEquals(IpPrefix.parse("10.20.3.0/24"), back.nlri().prefix(0));
    }
}
