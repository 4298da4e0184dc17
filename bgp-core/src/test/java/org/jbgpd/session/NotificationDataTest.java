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

    @Test
    void anUnsupportedCapabilityErrorNamesTheCapabilities() {
        NotificationData n = new NotificationData(2, 7, new byte[] {64, 2, 0, 120, 69, 4, 0, 1, 1, 1});
        assertEquals("graceful restart (64), ADD-PATH (69)", n.refusedCapabilities());
        assertEquals("", new NotificationData(2, 7, new byte[0]).refusedCapabilities());
        assertEquals("ADD-PATH (69)", new NotificationData(2, 7, new byte[] {69, 40}).refusedCapabilities(), "truncated data never throws");
        assertEquals("", NotificationData.of(6, 2).refusedCapabilities());
    }

    @Test
    void aHardResetCarriesTheOriginalNotification() {
        NotificationData inner = NotificationData.ceaseWithMessage(NotificationData.ADMIN_SHUTDOWN, "bye");
        NotificationData hard = NotificationData.hardReset(inner);
        assertEquals(inner, hard.hardResetCause());
        assertEquals("bye", hard.shutdownMessage());
        assertNull(NotificationData.of(6, 9).hardResetCause(), "a Hard Reset without data is still described");
        assertTrue(NotificationData.of(6, 9).describe().startsWith("6/9 Cease, Hard Reset"));
    }
}
