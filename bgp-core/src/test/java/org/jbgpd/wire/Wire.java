package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Test helpers: hex to buffers, whole-message framing, and assertions on decode results. */
final class Wire {

    static final String MARKER = "ffffffffffffffffffffffffffffffff";

    private Wire() {}

    /** Hex with any spaces, newlines or '|' separators ignored. */
    static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex.replaceAll("[\\s|]", "")));
    }

    /** A whole message: marker, correct length, type, body (hex). */
    static ByteBuf message(int type, String bodyHex) {
        byte[] body = HexFormat.of().parseHex(bodyHex.replaceAll("[\\s|]", ""));
        ByteBuf b = Unpooled.buffer();
        b.writeLong(-1).writeLong(-1).writeShort(19 + body.length).writeByte(type).writeBytes(body);
        return b;
    }

    static byte[] bytes(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), a);
        return a;
    }

    static String toHex(ByteBuf b) {
        return HexFormat.of().formatHex(bytes(b));
    }

    static BgpMessage ok(DecodeResult r) {
        DecodeResult.Ok ok = assertInstanceOf(DecodeResult.Ok.class, r, () -> "expected a message, got " + r);
        return ok.message();
    }

    static Update update(DecodeResult r) {
        return assertInstanceOf(Update.class, ok(r));
    }

    /** Asserts a session error with this code/subcode; returns its NOTIFICATION. */
    static Notification sessionError(DecodeResult r, int code, int subcode) {
        DecodeResult.SessionError e = assertInstanceOf(DecodeResult.SessionError.class, r, () -> "expected a session error, got " + r);
        assertEquals(code + "/" + subcode, e.notification().code() + "/" + e.notification().subcode(), e.reason());
        return e.notification();
    }

    static ByteBuf encode(BgpMessage m, CodecOptions o) {
        ByteBuf out = Unpooled.buffer();
        new MessageEncoder(o).encode(m, out);
        return out;
    }

    /** encode, then decode with the same options; asserts the buffer was consumed whole. */
    static BgpMessage roundTrip(BgpMessage m, CodecOptions o) {
        ByteBuf wire = encode(m, o);
        DecodeResult r = new MessageDecoder(o).decode(wire);
        assertEquals(0, wire.readableBytes(), "decoder left octets behind");
        return ok(r);
    }
}
