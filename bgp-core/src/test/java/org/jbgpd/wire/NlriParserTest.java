package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * IPv4 NLRI has two parse paths: array loads when the buffer has an array (the session's heap copy of each message,
 * ADR 0101) and buffer reads otherwise (a direct buffer). A user would notice a difference as a prefix installed by
 * one path and not the other, or a session reset (3/10 Invalid Network Field) for one and not the other. So both
 * must give the same prefixes, or the same verdict with the same reason, for every input (ADR 0107).
 */
class NlriParserTest {

    /** What one path makes of the field: the batch, or the NOTIFICATION and reason it would send. */
    private static Object parse(ByteBuf b, boolean addPath) {
        try {
            return NlriParser.parse(b, b.readerIndex(), b.writerIndex(), Family.IPV4_UNICAST, addPath);
        } catch (MalformedMessage e) {
            return e.toResult();
        }
    }

    private static void assertSameThroughBothPaths(byte[] field, boolean addPath) {
        ByteBuf heap = Unpooled.wrappedBuffer(field);
        ByteBuf direct = Unpooled.directBuffer(field.length).writeBytes(field);
        try {
            assertTrue(heap.hasArray());
            assertFalse(direct.hasArray());
            Object viaArray = parse(heap, addPath);
            Object viaBuffer = parse(direct, addPath);
            assertEquals(viaBuffer, viaArray, java.util.HexFormat.of().formatHex(field) + (addPath ? " (ADD-PATH)" : ""));
        } finally {
            direct.release();
        }
    }

    /** Every prefix length 0..255 followed by 0..5 octets, alone and after a good prefix: lengths over 32, truncations, spare octets. */
    @Test
    void everyPrefixLengthWithEveryShortFieldGetsTheSameVerdictThroughBothPaths() {
        int verdicts = 0;
        for (boolean addPath : new boolean[] {false, true}) {
            byte[] id = addPath ? new byte[] {0, 0, 0, 7} : new byte[0];
            for (int len = 0; len < 256; len++) {
                for (int octets = 0; octets <= 5; octets++) {
                    byte[] one = new byte[id.length + 1 + octets];
                    System.arraycopy(id, 0, one, 0, id.length);
                    one[id.length] = (byte) len;
                    for (int k = 0; k < octets; k++) one[id.length + 1 + k] = (byte) (0xc6 + 17 * k);
                    assertSameThroughBothPaths(one, addPath);
                    byte[] two = new byte[id.length + 4 + one.length];
                    System.arraycopy(id, 0, two, 0, id.length);
                    two[id.length] = 24;
                    two[id.length + 1] = (byte) 0xcb;
                    two[id.length + 2] = 0;
                    two[id.length + 3] = 0x71;
                    System.arraycopy(one, 0, two, id.length + 4, one.length);
                    assertSameThroughBothPaths(two, addPath);
                    if (!(parse(Unpooled.wrappedBuffer(one), addPath) instanceof PrefixBatch)) verdicts++;
                }
            }
            // an ADD-PATH header cut inside its path identifier
            for (int cut = 1; cut < 4; cut++) assertSameThroughBothPaths(new byte[cut], addPath);
        }
        assertTrue(verdicts > 1000, "malformed fields were among them: " + verdicts);
    }

    @Test
    void randomFieldsGetTheSameResultThroughBothPaths() {
        Random random = new Random(107);
        for (int i = 0; i < 50_000; i++) {
            byte[] field = new byte[random.nextInt(24)];
            random.nextBytes(field);
            // mostly plausible lengths, so that many fields parse in full
            for (int p = 0; p < field.length; p += 5) if (random.nextInt(4) > 0) field[p] = (byte) random.nextInt(33);
            assertSameThroughBothPaths(field, random.nextBoolean());
        }
    }

    /** Every message of both RIPE RIS files decodes the same from a heap buffer and from a direct one. */
    @Test
    void realUpdatesDecodeTheSameFromAnArrayAndFromADirectBuffer() throws Exception {
        long prefixes = 0;
        for (String file : new String[] {"updates.20160811.1600.gz", "updates.20070211.0141.gz"}) {
            MrtUpdates mrt = MrtUpdates.read(getClass().getResourceAsStream("/mrt/" + file));
            for (int i = 0; i < mrt.messages().size(); i++) {
                ByteBuf m = mrt.messages().get(i);
                byte[] octets = new byte[m.readableBytes()];
                m.getBytes(m.readerIndex(), octets);
                ByteBuf direct = Unpooled.directBuffer(octets.length).writeBytes(octets);
                try {
                    DecodeResult viaArray = new MessageDecoder(mrt.options().get(i)).decodeMessage(Unpooled.wrappedBuffer(octets));
                    DecodeResult viaBuffer = new MessageDecoder(mrt.options().get(i)).decodeMessage(direct);
                    assertEquals(viaBuffer, viaArray, file + " message " + i);
                    if (viaArray instanceof DecodeResult.Ok ok && ok.message() instanceof Update u) prefixes += u.nlri().size() + u.withdrawn().size();
                } finally {
                    direct.release();
                }
            }
        }
        assertTrue(prefixes > 10_000, "IPv4 prefixes compared: " + prefixes);
    }
}
