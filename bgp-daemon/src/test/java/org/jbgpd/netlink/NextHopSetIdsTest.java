package org.jbgpd.netlink;

import org.jbgpd.fib.NextHop;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class NextHopSetIdsTest {
    private static NextHopSet set(String... hops) {
        NextHop[] h = new NextHop[hops.length];
        for (int i = 0; i < hops.length; i++) h[i] = NextHop.of(IpAddress.parse(hops[i]));
        return NextHopSet.of(h);
    }

    @Test
    void equalSetsShareAnIdUntilTheirLastRouteGoes() {
        NextHopSetIds ids = new NextHopSetIds();
        int a = ids.acquire(set("192.0.2.2"));
        int b = ids.acquire(set("192.0.2.3", "192.0.2.2"));
        assertEquals(a, ids.acquire(set("192.0.2.2"))); // an equal set, another instance
        assertNotEquals(a, b);
        assertEquals(set("192.0.2.2"), ids.set(a));
        assertEquals(2, ids.size());
        ids.release(a);
        assertEquals(set("192.0.2.2"), ids.set(a)); // one route still uses it
        ids.release(a);
        assertNull(ids.set(a));
        assertEquals(1, ids.size());
        int c = ids.acquire(set("198.51.100.1"));
        assertEquals(a, c); // the freed id is reused
        assertEquals(set("198.51.100.1"), ids.set(c));
    }

    @Test
    void aFreedIdForgetsItsResolution() {
        NextHopSetIds ids = new NextHopSetIds();
        int a = ids.acquire(set("192.0.2.2"));
        Resolution r = new Resolution(java.util.List.of(org.jbgpd.netlink.NextHop.via("192.0.2.2")), 0);
        ids.resolution(a, r);
        assertSame(r, ids.resolution(a));
        ids.forgetResolutions();
        assertNull(ids.resolution(a));
        ids.resolution(a, r);
        ids.release(a);
        assertNull(ids.resolution(ids.acquire(set("192.0.2.9"))));
    }
}
