package org.jbgpd.mrt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.Test;

class BgpdumpAddressTest {

    private static String v6(String literal) {
        return BgpdumpAddress.toString(IpAddress.parse(literal));
    }

    @Test
    void writesIpv4AsDottedQuad() {
        assertEquals("0.0.0.0", BgpdumpAddress.toString(IpAddress.ofV4(0)));
        assertEquals("255.255.255.255", BgpdumpAddress.toString(IpAddress.ofV4(-1)));
        assertEquals("193.0.0.56", BgpdumpAddress.toString(IpAddress.parse("193.0.0.56")));
    }

    @Test
    void writesMappedAndCompatibleIpv6WithADottedQuadLikeBgpdump() {
        // InetAddress turns a mapped literal into IPv4, so build it from its bits
        assertEquals("::ffff:193.0.0.56", BgpdumpAddress.toString(IpAddress.ofV6(0, 0xffff_c100_0038L))); // RIS bview next hop
        assertEquals("::192.168.1.2", v6("::192.168.1.2"));
        assertEquals("::1", v6("::1"));
        assertEquals("::", v6("::"));
        assertEquals("::0.0.0.2", v6("::2"));
    }

    @Test
    void compressesTheFirstLongestZeroRunEvenOfOneGroup() {
        assertEquals("fe80::", v6("fe80::"));
        assertEquals("2001:db8::1", v6("2001:db8::1"));
        assertEquals("2001:7f8:30::2:1:0:8447", v6("2001:07f8:0030:0000:0002:0001:0000:8447"));
        assertEquals("2001:db8::1:1:1:1:1", v6("2001:db8:0:1:1:1:1:1")); // RFC 5952 would keep the single 0
        assertEquals("1::1:1:0:0:1", v6("1:0:0:1:1:0:0:1"));             // first of two equal runs
        assertEquals("2001:19f0:5001:53f:5400:1ff:fe9c:264e", v6("2001:19f0:5001:53f:5400:1ff:fe9c:264e"));
    }
}
