package org.jbgpd.wire;

import org.junit.jupiter.api.Test;

import static org.jbgpd.wire.Wire.*;
import static org.junit.jupiter.api.Assertions.*;

class RouteRefreshAndKeepaliveTest {

    private final MessageDecoder decoder = new MessageDecoder(CodecOptions.DEFAULT);

    @Test
    void keepaliveIsNineteenOctets() {
        assertEquals(MARKER + "001304", toHex(encode(new Keepalive(), CodecOptions.DEFAULT)));
        assertEquals(new Keepalive(), roundTrip(new Keepalive(), CodecOptions.DEFAULT));
    }

    @Test
    void routeRefreshSubtypesRoundTrip() {
        for (int subtype = 0; subtype <= 2; subtype++) {
            RouteRefresh r = new RouteRefresh(2, 1, subtype);
            assertEquals(r, roundTrip(r, CodecOptions.DEFAULT));
        }
        assertEquals(MARKER + "001705" + "0001" + "00" + "01", toHex(encode(RouteRefresh.request(Family.IPV4_UNICAST), CodecOptions.DEFAULT)));
        assertEquals(Family.IPV6_UNICAST, new RouteRefresh(2, 1, RouteRefresh.SUBTYPE_BORR).family());
        assertNull(new RouteRefresh(1, 128, 0).family(), "VPN is not a family jbgpd routes");
    }

    @Test
    void borrWithWrongLengthIsARouteRefreshErrorQuotingTheMessage() {
        var msg = message(5, "0001 01 01 00");
        Notification n = sessionError(decoder.decodeMessage(msg), 7, 1);
        assertArrayEquals(bytes(msg), n.data());
    }

    @Test
    void plainRequestWithOrfEntriesIsAcceptedWithoutThem() {
        assertEquals(new RouteRefresh(1, 1, 0), ok(decoder.decodeMessage(message(5, "0001 00 01 01 0003 000000"))));
    }
}
