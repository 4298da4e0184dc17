package org.jbgpd.session;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotificationDataTest {

    @Test
    void shutdownCommunicationIsLengthPrefixedUtf8() {
        NotificationData n = NotificationData.ceaseWithMessage(NotificationData.ADMIN_SHUTDOWN, "Wartung für Rack 7");
        byte[] text = "Wartung für Rack 7".getBytes(StandardCharsets.UTF_8);
        assertEquals(text.length, n.data()[0]);
        assertEquals("Wartung für Rack 7", n.shutdownMessage());
        assertEquals("6/2 Cease, Administrative Shutdown: \"Wartung für Rack 7\"", n.describe());
    }

    @Test
    void overlongMessagesAreCutAtACharacterBoundary() {
        String msg = "é".repeat(200); // 400 octets
        NotificationData n = NotificationData.ceaseWithMessage(NotificationData.ADMIN_RESET, msg);
        assertEquals(254, n.data()[0] & 0xff);
        assertEquals("é".repeat(127), n.shutdownMessage());
    }

    @Test
    void malformedShutdownDataIsShownAsHex() {
        NotificationData n = new NotificationData(6, 2, new byte[] {9, 'x'});
        assertNull(n.shutdownMessage());
        assertTrue(n.describe().endsWith("(data 0978)"), n.describe());
    }

    @Test
    void unknownCodesStillDescribe() {
        assertEquals("42/1 Unknown error code", NotificationData.of(42, 1).describe());
        assertEquals("2/7 OPEN Message Error, Unsupported Capability", NotificationData.of(2, 7).describe());
    }
}
