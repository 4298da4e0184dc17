package org.jbgpd.wire;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class IpPrefixTest {

    @Test
    void parsesAndPrintsBothFamilies() {
        assertEquals("198.51.100.0/24", IpPrefix.parse("198.51.100.0/24").toString());
        assertEquals("2001:db8::/32", IpPrefix.parse("2001:db8:0::/32").toString());
        assertEquals("2001:db8:0:1::1", IpAddress.parse("2001:0db8:0000:0001:0:0:0:1").toString());
        assertEquals("::", IpAddress.parse("::").toString());
        assertEquals("0.0.0.0/0", IpPrefix.parse("0.0.0.0/0").toString());
    }

    @Test
    void rejectsHostBitsWithAHint() {
        var e = assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("10.20.1.1/16"));
        assertTrue(e.getMessage().contains("did you mean 10.20.0.0/16"), e.getMessage());
        assertEquals("10.20.0.0/16", IpPrefix.of(IpAddress.parse("10.20.1.1"), 16).toString());
        assertEquals("2001:db8::/33", IpPrefix.of(IpAddress.parse("2001:db8:7fff::1"), 33).toString());
    }

    @Test
    void rejectsNamesAndBadLengths() {
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("localhost"));
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("10.1"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("10.0.0.0"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("10.0.0.0/x"));
    }

    @Test
    void containment() {
        IpPrefix pods = IpPrefix.parse("10.20.0.0/16");
        assertTrue(pods.contains(IpAddress.parse("10.20.255.1")));
        assertFalse(pods.contains(IpAddress.parse("10.21.0.1")));
        assertTrue(pods.contains(IpPrefix.parse("10.20.3.0/26")));
        assertFalse(pods.contains(IpPrefix.parse("10.0.0.0/8")));
        assertFalse(pods.contains(IpAddress.parse("::a14:1")));
    }

    @Test
    void packedV4RoundTripsAndSortsByAddress() {
        long a = IpPrefix.packV4(IpAddress.parse("203.0.113.0").v4(), 24);
        assertEquals("203.0.113.0/24", IpPrefix.unpackV4(a).toString());
        long b = IpPrefix.packV4(IpAddress.parse("10.0.0.0").v4(), 8);
        assertTrue(Long.compareUnsigned(b, a) < 0);
    }
}
