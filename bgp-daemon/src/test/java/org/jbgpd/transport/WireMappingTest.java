package org.jbgpd.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jbgpd.session.AddPathMode;
import org.jbgpd.session.GracefulRestartInfo;
import org.jbgpd.session.NotificationData;
import org.jbgpd.session.OpenCapabilities;
import org.jbgpd.session.OpenFields;
import org.jbgpd.wire.Capability;
import org.jbgpd.wire.CodecOptions;
import org.jbgpd.wire.DecodeResult;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.MessageDecoder;
import org.jbgpd.wire.MessageEncoder;
import org.jbgpd.wire.Notification;
import org.jbgpd.wire.Open;
import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session's OPEN and NOTIFICATION values survive the codec's encoder and decoder unchanged. */
class WireMappingTest {

    @Test
    void ourOpenRoundTripsThroughTheWire() {
        OpenCapabilities caps = new OpenCapabilities(true, Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), 4200000001L, true, true,
                Map.of(Family.IPV4_UNICAST, AddPathMode.RECEIVE, Family.IPV6_UNICAST, AddPathMode.RECEIVE),
                new GracefulRestartInfo(false, 120, Map.of(Family.IPV4_UNICAST, false, Family.IPV6_UNICAST, false)), false, List.of());
        OpenFields ours = new OpenFields(4, OpenFields.AS_TRANS, 90, IpAddress.parse("198.51.100.250").v4(), caps);
        ByteBuf buf = Unpooled.buffer();
        new MessageEncoder(CodecOptions.DEFAULT).encode(WireMapping.toOpen(ours), buf);
        DecodeResult r = new MessageDecoder(CodecOptions.DEFAULT).decode(buf);
        OpenFields back = WireMapping.toFields((Open) ((DecodeResult.Ok) r).message());
        assertEquals(ours, back);
        assertEquals(4200000001L, back.effectiveAs());
    }

    @Test
    void unknownFamiliesAndCapabilitiesAreKeptOutOfTheSessionView() {
        Open open = new Open(4, 65001, 180, 1, List.of(
                new Capability.Multiprotocol(1, 128), // VPNv4: not a family jbgpd routes
                new Capability.Multiprotocol(1, 1),
                new Capability.AddPath(List.of(new Capability.AddPathFamily(1, 1, 3), new Capability.AddPathFamily(2, 1, 9))),
                new Capability.Unknown(128, new byte[0])));
        OpenFields f = WireMapping.toFields(open);
        assertTrue(f.capabilities().multiprotocolPresent());
        assertEquals(Set.of(Family.IPV4_UNICAST), f.capabilities().families());
        assertEquals(Map.of(Family.IPV4_UNICAST, AddPathMode.BOTH), f.capabilities().addPath(), "mode 9 is not RFC 7911's: ignored");
        assertEquals(List.of(128), f.capabilities().otherCodes());
        assertEquals(-1, f.capabilities().fourOctetAs());
        assertFalse(f.capabilities().routeRefresh());
    }

    @Test
    void notificationsKeepTheirData() {
        NotificationData n = NotificationData.ceaseWithMessage(NotificationData.ADMIN_SHUTDOWN, "bye");
        Notification wire = WireMapping.toNotification(n);
        assertEquals("bye", wire.shutdownCommunication().orElseThrow());
        assertEquals(n, WireMapping.toData(wire));
    }
}
