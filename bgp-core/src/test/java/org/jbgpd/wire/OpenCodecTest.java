package org.jbgpd.wire;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.jbgpd.wire.Wire.*;
import static org.junit.jupiter.api.Assertions.*;

class OpenCodecTest {

    private final MessageDecoder decoder = new MessageDecoder(CodecOptions.DEFAULT);

    @Test
    void everyCapabilityRoundTrips() {
        List<Capability> caps = List.of(
                Capability.Multiprotocol.of(Family.IPV4_UNICAST),
                Capability.Multiprotocol.of(Family.IPV6_UNICAST),
                new Capability.RouteRefresh(),
                new Capability.EnhancedRouteRefresh(),
                new Capability.FourOctetAs(4_200_000_000L),
                new Capability.GracefulRestart(Capability.GracefulRestart.RESTART_STATE | Capability.GracefulRestart.NOTIFICATION, 120,
                        List.of(new Capability.GrFamily(1, 1, Capability.GrFamily.FORWARDING_PRESERVED), new Capability.GrFamily(2, 1, 0))),
                new Capability.LongLivedGracefulRestart(List.of(new Capability.LlgrFamily(1, 1, 0x80, 86400))),
                new Capability.AddPath(List.of(new Capability.AddPathFamily(1, 1, Capability.AddPathFamily.BOTH))),
                new Capability.ExtendedNextHop(List.of(new Capability.ExtendedNextHopEntry(1, 1, 2))),
                new Capability.ExtendedMessage(),
                new Capability.Fqdn("gw1", "example.net"),
                new Capability.Unknown(128, new byte[0]),
                new Capability.Unknown(200, new byte[] {1, 2, 3}));
        Open open = Open.of(4_200_000_000L, 90, IpAddress.parse("198.51.100.250"), caps);
        assertEquals(Open.AS_TRANS, open.myAutonomousSystem(), "a 4-octet AS puts AS_TRANS in the header");
        Open back = (Open) roundTrip(open, CodecOptions.DEFAULT);
        assertEquals(open, back);
        assertEquals(4_200_000_000L, back.asNumber());
        assertEquals(IpAddress.parse("198.51.100.250"), back.bgpIdentifierAddress());
        assertEquals(2, back.capabilities(Capability.Multiprotocol.class).size());
        assertTrue(back.capability(Capability.GracefulRestart.class).restartState());
    }

    @Test
    void acceptsTheZeroLengthLlgrCapabilityOfBird16() {
        // OPEN: version 4, AS 64512, hold 240, id 198.51.100.11; one capabilities parameter with
        // MP ipv4 (1/4), route refresh (2/0), 4-octet AS 64512 (65/4), LLGR with no families (71/0).
        String body = "04 fc00 00f0 c633640b 12 02 10 0104 00010001 0200 4104 0000fc00 4700";
        Open o = assertInstanceOf(Open.class, ok(decoder.decodeMessage(message(1, body))));
        assertEquals(64512, o.asNumber());
        assertEquals(240, o.holdTime());
        assertEquals(new Capability.LongLivedGracefulRestart(List.of()), o.capability(Capability.LongLivedGracefulRestart.class));
        assertEquals(4, o.capabilities().size());
    }

    @Test
    void keepsUnknownCapabilitiesAndSeveralParameters() {
        // Two capability parameters (as old Cisco/Quagga send), one holding an unknown capability 131.
        String body = "04 fc00 005a 0a000001 0e 02 06 0104 00020001 02 04 8302 abcd";
        Open o = assertInstanceOf(Open.class, ok(decoder.decodeMessage(message(1, body))));
        assertEquals(List.of(Capability.Multiprotocol.of(Family.IPV6_UNICAST), new Capability.Unknown(131, new byte[] {(byte) 0xab, (byte) 0xcd})),
                o.capabilities());
    }

    @Test
    void decodesRfc9072ExtendedOptionalParametersButNeverSendsThem() {
        // Non-extended length 255, marker type 255, extended length 7, then type 2 with a 2-octet length 4: route refresh + ERR.
        String body = "04 fc00 005a 0a000001 ff ff 0007 02 0004 0200 4600";
        Open o = assertInstanceOf(Open.class, ok(decoder.decodeMessage(message(1, body))));
        assertEquals(List.of(new Capability.RouteRefresh(), new Capability.EnhancedRouteRefresh()), o.capabilities());
        String sent = toHex(encode(o, CodecOptions.DEFAULT));
        assertTrue(sent.endsWith("060204" + "0200" + "4600"), "sent in the classic form: " + sent);
    }

    @Test
    void versionOtherThan4IsRefusedWithTheVersionWeSpeak() {
        Notification n = sessionError(decoder.decodeMessage(message(1, "03 fc00 005a 0a000001 00")), 2, 1);
        assertArrayEquals(new byte[] {0, 4}, n.data());
    }

    @Test
    void holdTimeOneOrTwoIsUnacceptable() {
        sessionError(decoder.decodeMessage(message(1, "04 fc00 0002 0a000001 00")), 2, 6);
        assertEquals(0, ((Open) ok(decoder.decodeMessage(message(1, "04 fc00 0000 0a000001 00")))).holdTime(), "0 disables keepalives");
    }

    @Test
    void zeroBgpIdentifierIsRefused() {
        sessionError(decoder.decodeMessage(message(1, "04 fc00 005a 00000000 00")), 2, 3);
    }

    @Test
    void nonCapabilityParameterIsUnsupported() {
        Notification n = sessionError(decoder.decodeMessage(message(1, "04 fc00 005a 0a000001 04 01 02 0000")), 2, 4);
        assertArrayEquals(new byte[] {1}, n.data());
    }

    @Test
    void inconsistentLengthsAreOpenErrorsNotExceptions() {
        sessionError(decoder.decodeMessage(message(1, "04 fc00 005a 0a000001 05 02 03 0104")), 2, 0);      // opt len past the end
        sessionError(decoder.decodeMessage(message(1, "04 fc00 005a 0a000001 04 02 02 0105")), 2, 0);      // capability overruns
        sessionError(decoder.decodeMessage(message(1, "04 fc00 005a 0a000001 06 02 04 0102 0001")), 2, 0); // MP of length 2
        sessionError(decoder.decodeMessage(message(1, "04 fc00 005a 0a000001 01 02")), 2, 0);              // header cut
    }

    @Test
    void openWithoutCapabilitiesHasNoParameters() {
        Open o = new Open(4, 65001, 180, 0x0a000001, List.of());
        assertEquals(29, encode(o, CodecOptions.DEFAULT).readableBytes());
        assertEquals(o, roundTrip(o, CodecOptions.DEFAULT));
        assertEquals(65001, o.asNumber());
    }

    @Test
    void tooManyCapabilitiesAreAnEncoderErrorNotABrokenMessage() {
        List<Capability> caps = java.util.Collections.nCopies(130, new Capability.RouteRefresh());
        var out = io.netty.buffer.Unpooled.buffer();
        assertThrows(IllegalArgumentException.class, () -> new MessageEncoder(CodecOptions.DEFAULT).encode(new Open(4, 1, 90, 1, caps), out));
        assertEquals(0, out.readableBytes(), "nothing half-written");
    }
}
