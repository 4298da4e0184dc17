package org.jbgpd.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Coverage-guided fuzzing of the message decoder (Jazzer). On every build the regression corpus
 * in src/test/resources/org/jbgpd/wire/MessageDecoderFuzzTestInputs/ runs as an ordinary test;
 * docs/fuzzing.md has the command for a long fuzzing run.
 *
 * <p>The first input octet picks the negotiated options, the rest is the byte stream. What must
 * hold: nothing but {@link DecodeResult}s comes out (no exception of any kind); the streaming and
 * the one-message entry points agree; and every cleanly decoded message encodes and decodes back
 * to itself.
 */
class MessageDecoderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decoderOnlyEverReturnsVerdicts(byte[] input) {
        if (input.length == 0) return;
        int sel = input[0] & 0xff;
        Set<Family> addPath = switch ((sel >>> 2) & 3) {
            case 1 -> Set.of(Family.IPV4_UNICAST);
            case 2 -> Set.of(Family.IPV6_UNICAST);
            case 3 -> Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST);
            default -> Set.of();
        };
        CodecOptions options = new CodecOptions((sel & 1) != 0, (sel & 2) != 0, addPath);
        MessageDecoder decoder = new MessageDecoder(options);
        ByteBuf stream = Unpooled.wrappedBuffer(input, 1, input.length - 1);
        while (true) {
            int before = stream.readerIndex();
            DecodeResult r = decoder.decode(stream);
            if (r == null) {
                assertEquals(before, stream.readerIndex(), "nothing consumed while waiting for more");
                break;
            }
            if (r instanceof DecodeResult.SessionError e) {
                assertNotNull(e.notification());
                assertNotNull(e.reason());
                break;
            }
            int length = stream.readerIndex() - before;
            DecodeResult again = decoder.decodeMessage(stream.slice(before, length));
            assertEquals(r, again, "decode and decodeMessage agree");
            roundTrip(((DecodeResult.Ok) r).message(), options);
        }
    }

    private static void roundTrip(BgpMessage m, CodecOptions options) {
        if (m instanceof Update u && !u.errors().problems().isEmpty()) return; // what was dropped cannot come back
        ByteBuf out = Unpooled.buffer();
        try {
            new MessageEncoder(options).encode(m, out);
        } catch (IllegalArgumentException e) {
            // Only an OPEN decoded from RFC 9072 extended parameters may be too big to send classically.
            assertInstanceOf(Open.class, m, () -> "encoder refused a cleanly decoded " + m + ": " + e.getMessage());
            return;
        }
        DecodeResult back = new MessageDecoder(options).decodeMessage(out);
        DecodeResult.Ok ok = assertInstanceOf(DecodeResult.Ok.class, back, () -> "re-encoded " + m + " did not decode: " + back);
        assertEquals(m, ok.message(), "decode(encode(m)) == m");
    }
}
