package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.NextHop;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The FIB's wanted routes by prefix id (ADR 0137): whose ids it uses. */
class WantedRoutesTest {

    private static final NextHopSet HOPS = NextHopSet.of(NextHop.of(IpAddress.parse("192.0.2.2")));

    @Test
    void onItsOwnIdsTheFibIgnoresIdsABatchCarriesAndStillFindsItsRoutesByPrefix() {
        WantedRoutes w = new WantedRoutes();
        FibBatch b = FibBatch.builder(1).replace(Family.IPV4_UNICAST, 0x0a01_0000L, 0, 24, HOPS, 5000).build();
        assertEquals(0, w.put(b, 0, 7));
        int slot = w.slotOf(Family.IPV4_UNICAST, 0x0a01_0000L, 0, 24);
        assertEquals(7, w.value(slot));
        assertEquals(0x0a01_0000L, w.hi(slot), "the slot names the prefix, not id 5000 of another table");
        assertEquals(24, w.length(slot));
        assertEquals(7, w.remove(FibBatch.builder(2).withdraw(Family.IPV4_UNICAST, 0x0a01_0000L, 0, 24, 5000).build(), 0));
        assertEquals(-1, w.slotOf(Family.IPV4_UNICAST, 0x0a01_0000L, 0, 24));
    }

    @Test
    void onTheEnginesIdsAnEntryWithoutAnIdIsRefused() {
        WantedRoutes w = new WantedRoutes();
        w.useEngineIds(new OwnPrefixIds());
        FibBatch b = FibBatch.builder(1).replace(Family.IPV4_UNICAST, 0x0a01_0000L, 0, 24, HOPS).build();
        assertThrows(IllegalStateException.class, () -> w.put(b, 0, 7));
    }
}
