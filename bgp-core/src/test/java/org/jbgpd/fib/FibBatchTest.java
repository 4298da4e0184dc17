package org.jbgpd.fib;

import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The packed batch gives back what was put in, IPv4 and IPv6 mixed in any order, also across a build. */
class FibBatchTest {

    private static final NextHopSet HOPS = NextHopSet.of(List.of(NextHop.of(IpAddress.parse("198.51.100.1"))));

    @Test
    void entriesComeBackAsAddedWhetherOrNotAnyHasLowAddressBits() {
        List<IpPrefix> prefixes = List.of(IpPrefix.parse("10.20.0.0/24"), IpPrefix.parse("203.0.113.0/24"),
                IpPrefix.parse("2001:db8::1:0:0:0/80"), IpPrefix.parse("2001:db8::/32"), IpPrefix.parse("10.20.1.0/24"));
        FibBatch.Builder b = FibBatch.builder(7, 2); // grows while adding
        for (int i = 0; i < prefixes.size(); i++) {
            if (i == 3) b.withdraw(prefixes.get(i));
            else b.replace(prefixes.get(i), HOPS);
        }
        FibBatch batch = b.build();
        assertEquals(5, batch.size());
        for (int i = 0; i < prefixes.size(); i++) assertEquals(prefixes.get(i), batch.prefix(i));
        assertTrue(batch.isWithdraw(3));
        assertEquals(HOPS, batch.nextHops(4));

        FibBatch v4only = FibBatch.builder(8).replace(prefixes.getFirst(), HOPS).build();
        assertEquals(0, v4only.addressLo(0));
        assertEquals(prefixes.getFirst(), v4only.prefix(0));
    }

    @Test
    void addingAfterBuildLeavesTheBuiltBatchAlone() {
        FibBatch.Builder b = FibBatch.builder(1, 4).replace(IpPrefix.parse("10.20.0.0/24"), HOPS);
        FibBatch first = b.build();
        b.replace(IpPrefix.parse("2001:db8:0:0:1::/80"), HOPS);
        FibBatch second = b.build();
        assertEquals(1, first.size());
        assertEquals(IpPrefix.parse("10.20.0.0/24"), first.prefix(0));
        assertEquals(IpPrefix.parse("2001:db8:0:0:1::/80"), second.prefix(1));
    }
}
