package org.jbgpd.netlink;

import org.jbgpd.fib.NextHop;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NextHopIndexTest {
    private static boolean within(NextHopIndex index, String prefix) {
        IpPrefix p = IpPrefix.parse(prefix);
        return index.anyWithin(p.address().family(), p.address().hi(), p.address().lo(), p.length());
    }

    @Test
    void answersWhetherAPrefixCoversAnyNextHop() {
        NextHopIndex index = NextHopIndex.of(List.of(NextHop.of(IpAddress.parse("198.51.100.7")),
                NextHop.of(IpAddress.parse("192.0.2.2")), NextHop.of(IpAddress.parse("2001:db8:1::2"))));
        assertTrue(within(index, "198.51.100.0/24"));
        assertTrue(within(index, "198.51.100.7/32"));
        assertTrue(within(index, "0.0.0.0/0"));
        assertFalse(within(index, "198.51.100.8/29"));
        assertFalse(within(index, "10.20.0.0/16"));
        assertTrue(within(index, "2001:db8::/32"));
        assertTrue(within(index, "2001:db8:1::2/128"));
        assertTrue(within(index, "::/0"));
        assertFalse(within(index, "2001:db8:2::/48"));
        assertFalse(within(index, "2001:db8:1::3/128"));
    }

    @Test
    void agreesWithAPlainScanOnRandomAddressesAndPrefixes() {
        SplittableRandom r = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            List<NextHop> hops = new java.util.ArrayList<>();
            for (int i = 0; i < 1 + r.nextInt(20); i++) {
                hops.add(NextHop.of(r.nextBoolean() ? IpAddress.ofV4(r.nextInt()) : IpAddress.ofV6(0x20010db8_00000000L | r.nextInt(4), r.nextLong())));
            }
            NextHopIndex index = NextHopIndex.of(hops);
            for (int q = 0; q < 50; q++) {
                NextHop near = hops.get(r.nextInt(hops.size()));
                IpAddress a = near.address();
                int len = r.nextInt(a.isV4() ? 33 : 129);
                IpPrefix p = IpPrefix.of(a.isV4() ? IpAddress.ofV4((int) (a.hi() ^ (r.nextBoolean() ? 0 : 1L << r.nextInt(32)))) : IpAddress.ofV6(a.hi(), a.lo() ^ (r.nextBoolean() ? 0 : 1L << r.nextInt(64))), len);
                boolean expected = hops.stream().anyMatch(h -> h.address().family() == p.address().family()
                        && IpPrefix.of(h.address(), p.length()).equals(p));
                assertEquals(expected, index.anyWithin(p.address().family(), p.address().hi(), p.address().lo(), p.length()), p + " " + hops);
            }
        }
    }
}
