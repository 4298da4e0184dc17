package org.jbgpd.wire;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.jbgpd.wire.Wire.*;
import static org.junit.jupiter.api.Assertions.*;

class NotificationTest {

    private final MessageDecoder decoder = new MessageDecoder(CodecOptions.DEFAULT);

    @Test
    void roundTripsWithData() {
        Notification n = Notification.withValue(Notification.MESSAGE_HEADER_ERROR, Notification.BAD_MESSAGE_LENGTH, 4097, 2);
        assertEquals(n, roundTrip(n, CodecOptions.DEFAULT));
        assertEquals("1/2 Message Header Error / Bad Message Length data=1001", n.describe());
    }

    @Test
    void shutdownCommunicationRoundTripsAsUtf8() {
        Notification n = Notification.shutdown(Notification.ADMINISTRATIVE_SHUTDOWN, "maintenance – back at 12:00 ✓");
        Notification back = (Notification) roundTrip(n, CodecOptions.DEFAULT);
        assertEquals(Optional.of("maintenance – back at 12:00 ✓"), back.shutdownCommunication());
        assertEquals("6/2 Cease / Administrative Shutdown: \"maintenance – back at 12:00 ✓\"", back.describe());
    }

    @Test
    void longTextIsCutTo255OctetsOnACharacterBoundary() {
        Notification n = Notification.shutdown(Notification.ADMINISTRATIVE_RESET, "é".repeat(200));
        assertEquals(1 + 254, n.dataLength(), "127 two-octet characters; the 128th would cross 255");
        assertEquals("é".repeat(127), n.shutdownCommunication().orElseThrow());
    }

    @Test
    void invalidUtf8OrLengthIsNeverTrusted() {
        Notification badUtf8 = (Notification) ok(decoder.decodeMessage(message(3, "06 02 03 61 c3 28")));
        assertEquals(Optional.empty(), badUtf8.shutdownCommunication());
        assertTrue(badUtf8.describe().endsWith("data=0361c328"), badUtf8.describe());
        Notification lengthTooLong = (Notification) ok(decoder.decodeMessage(message(3, "06 04 09 6869")));
        assertEquals(Optional.empty(), lengthTooLong.shutdownCommunication());
        Notification otherSubcode = (Notification) ok(decoder.decodeMessage(message(3, "06 03 02 6869")));
        assertEquals(Optional.empty(), otherSubcode.shutdownCommunication(), "only Cease/2 and Cease/4 carry one");
    }

    @Test
    void controlCharactersAreSanitisedForLogs() {
        Notification n = (Notification) ok(decoder.decodeMessage(message(3, "06 02 08 6c696e650a1b5b41")));
        assertEquals(Optional.of("line??[A"), n.shutdownCommunication());
    }

    @Test
    void dataIsCopiedNotShared() {
        byte[] d = {1, 2};
        Notification n = new Notification(6, 0, d);
        d[0] = 9;
        assertEquals(1, n.data()[0]);
        n.data()[1] = 9;
        assertEquals(2, n.data()[1]);
    }

    @Test
    void namesCodesForLogs() {
        assertEquals("6/7 Cease / Connection Collision Resolution", Notification.of(6, 7).describe());
        assertEquals("4/0 Hold Timer Expired", Notification.of(4, 0).describe());
        assertEquals("3/42 UPDATE Message Error / subcode 42", Notification.of(3, 42).describe());
    }
}
