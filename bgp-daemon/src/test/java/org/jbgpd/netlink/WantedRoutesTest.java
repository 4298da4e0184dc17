package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.NextHop;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aNextHopSetIdAbove16BitsWidensItsPageAndKeepsTheValuesBefore() {
        WantedRoutes w = new WantedRoutes();
        w.useEngineIds(new OwnPrefixIds());
        FibBatch.Builder b = FibBatch.builder(1);
        for (int id = 0; id < 40_000; id++) b.replace(Family.IPV4_UNICAST, 0x0a00_0000L + ((long) id << 8), 0, 24, HOPS, id);
        FibBatch batch = b.build();
        for (int i = 0; i < 40_000; i++) assertEquals(0, w.put(batch, i, 65_000 + i % 3));
        long narrow = w.footprintBytes();
        assertTrue(narrow < 3L * 40_000, "2 bytes per id while every value fits: " + narrow);

        assertEquals(65_000 + 20_001 % 3, w.put(batch, 20_001, 70_000)); // page 1 of ids 16384..32767 widens
        assertEquals(70_000, w.value(20_001 << 1));
        assertEquals(65_000 + 20_000 % 3, w.value(20_000 << 1), "a value written before the page widened");
        assertEquals(65_000, w.value(0), "other pages stay as they were");
        assertEquals(65_000 + 39_999 % 3, w.value(39_999 << 1));
        assertEquals(70_000, w.remove(FibBatch.builder(2).withdraw(Family.IPV4_UNICAST, 0, 0, 24, 20_001).build(), 0));
        assertEquals(0, w.value(20_001 << 1));
        assertEquals(0, w.put(batch, 20_001, Integer.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, w.value(20_001 << 1));
        assertTrue(w.footprintBytes() >= narrow + 4L * 16_384, "one page of ints more");
    }
}
