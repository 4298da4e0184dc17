package org.jbgpd.wire;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpAddressTest {

    /** GoBGP sends the next hop of IPv6 routes over an IPv4 session as ::ffff:a.b.c.d; `show routes` prints it so. */
    @Test
    void anIpv4MappedAddressIsWrittenWithItsDottedQuad() {
        IpAddress mapped = IpAddress.ofV6(0, 0xffff_c000_0202L);
        assertTrue(mapped.isV4Mapped());
        assertEquals("::ffff:192.0.2.2", mapped.toString());
    }

    @Test
    void otherAddressesAreNotMapped() {
        assertFalse(IpAddress.ofV6(0, 0xc000_0202L).isV4Mapped(), "::192.0.2.2 (IPv4-compatible) is not mapped");
        assertEquals("::c000:202", IpAddress.ofV6(0, 0xc000_0202L).toString());
        assertFalse(IpAddress.parse("2001:db8::ffff:c000:202").isV4Mapped());
        assertFalse(IpAddress.parse("192.0.2.2").isV4Mapped());
        assertEquals("::", IpAddress.ofV6(0, 0).toString());
        assertEquals("2001:db8::1", IpAddress.parse("2001:db8::1").toString());
    }

    /** A link-local next hop tied to interface 7 prints with its zone (RFC 4007 §11) and goes on the wire without it. */
    @Test
    void aScopedLinkLocalAddressPrintsItsZone() {
        IpAddress scoped = IpAddress.parse("fe80::1").withLinkScope(7);
        assertEquals("fe80::1%7", scoped.toString());
        assertTrue(scoped.isLinkLocal());
        assertFalse(scoped.equals(IpAddress.parse("fe80::1")), "one address per link");
        assertEquals(IpAddress.parse("fe80::1"), scoped.withoutLinkScope());
    }
}
