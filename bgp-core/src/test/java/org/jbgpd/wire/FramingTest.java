package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.jbgpd.wire.Wire.*;
import static org.junit.jupiter.api.Assertions.*;

class FramingTest {

    private final MessageDecoder decoder = new MessageDecoder(CodecOptions.DEFAULT);

    @Test
    void waitsForAWholeMessageThenConsumesExactlyIt() {
        ByteBuf in = Unpooled.buffer();
        ByteBuf two = Unpooled.buffer();
        new MessageEncoder(CodecOptions.DEFAULT).encode(new Keepalive(), two);
        new MessageEncoder(CodecOptions.DEFAULT).encode(new RouteRefresh(1, 1, 0), two);
        in.writeBytes(two, 0, 10);
        assertNull(decoder.decode(in), "10 octets are not a header");
        in.writeBytes(two, 10, 20);
        assertEquals(new Keepalive(), ok(decoder.decode(in)));
        assertNull(decoder.decode(in), "11 of 23 octets of the ROUTE-REFRESH");
        assertEquals(11, in.readableBytes(), "nothing consumed while waiting");
        in.writeBytes(two, 30, two.readableBytes() - 30);
        assertEquals(new RouteRefresh(1, 1, 0), ok(decoder.decode(in)));
        assertEquals(0, in.readableBytes());
    }

    @Test
    void badMarkerIsConnectionNotSynchronized() {
        ByteBuf in = hex("ffffffffffffffffffffffffffffff00 0013 04");
        Notification n = sessionError(decoder.decode(in), 1, 1);
        assertEquals(0, n.dataLength());
    }

    /** A bad marker or type is refused as soon as the header is in, before the rest of the message (ADR 0131 reads whole messages from a copy). */
    @Test
    void headerErrorsOfAMessageNotAllHereAreRefusedAtOnce() {
        sessionError(decoder.decode(hex("ffffffffffffffffffffffffffffff00 0030 02 0000")), 1, 1);
        Notification n = sessionError(decoder.decode(hex(MARKER + "0030 07 0000")), 1, 3);
        assertArrayEquals(new byte[] {7}, n.data());
        ByteBuf waiting = hex(MARKER + "0030 02 0000");
        assertNull(decoder.decode(waiting), "a good header waits for the rest");
        assertEquals(21, waiting.readableBytes(), "nothing consumed");
    }

    @Test
    void lengthBelowHeaderOrAbove4096IsBadLengthWithTheLengthAsData() {
        Notification n = sessionError(decoder.decode(hex(MARKER + "0012 04")), 1, 2);
        assertArrayEquals(new byte[] {0x00, 0x12}, n.data());
        n = sessionError(decoder.decode(hex(MARKER + "1001 02")), 1, 2);
        assertArrayEquals(new byte[] {0x10, 0x01}, n.data(), "4097 octets without extended messages");
    }

    @Test
    void extendedMessagesAllowUpdatesUpTo65535ButNotOpenOrKeepalive() {
        MessageDecoder ext = new MessageDecoder(new CodecOptions(true, true, java.util.Set.of()));
        assertNull(ext.decode(hex(MARKER + "ffff 02 0000")), "a 65535-octet UPDATE is awaited, not refused");
        sessionError(ext.decode(hex(MARKER + "1001 01 " + "00".repeat(4097 - 19))), 1, 2);
        sessionError(decoder.decode(hex(MARKER + "ffff 02")), 1, 2);
    }

    @Test
    void unknownTypeIsBadMessageTypeWithTheTypeAsData() {
        Notification n = sessionError(decoder.decode(hex(MARKER + "0013 06")), 1, 3);
        assertArrayEquals(new byte[] {6}, n.data());
        sessionError(decoder.decode(hex(MARKER + "0013 00")), 1, 3);
    }

    @Test
    void perTypeMinimumLengthsAreBadLength() {
        sessionError(decoder.decodeMessage(message(4, "00")), 1, 2);          // KEEPALIVE of 20
        sessionError(decoder.decodeMessage(message(1, "04fde8")), 1, 2);      // OPEN of 22
        sessionError(decoder.decodeMessage(message(2, "0000")), 1, 2);        // UPDATE of 21
        sessionError(decoder.decodeMessage(message(3, "06")), 1, 2);          // NOTIFICATION of 20
        sessionError(decoder.decodeMessage(message(5, "000100")), 1, 2);      // ROUTE-REFRESH of 22
    }

    @Test
    void decodeMessageInsistsOnTheWholeBuffer() {
        ByteBuf b = message(4, "");
        b.writeByte(0);
        sessionError(decoder.decodeMessage(b), 1, 2);
        sessionError(decoder.decodeMessage(hex("ffff")), 1, 2);
    }
}
