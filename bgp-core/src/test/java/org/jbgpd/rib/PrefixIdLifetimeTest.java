package org.jbgpd.rib;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.FibListener;
import org.jbgpd.fib.FibPort;
import org.jbgpd.fib.PrefixIds;
import org.jbgpd.policy.Policy;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.PrefixBatch;
import org.jbgpd.wire.Update;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.jbgpd.rib.RibHarness.attrs;
import static org.jbgpd.rib.RibHarness.ebgp;
import static org.jbgpd.rib.RibHarness.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FIB keeps its routes by the engine's prefix ids (ADR 0137): an id the FIB may still hold a route for must name
 * the same prefix until the FIB has acknowledged the batch that withdrew it, and the FIB's lookups from its own thread
 * must find every prefix while the engine adds and frees others.
 */
class PrefixIdLifetimeTest {

    private static final String PEER = "198.51.100.11";

    /** A FIB that keeps the batches it was given and acknowledges nothing by itself. */
    private static final class RecordingFib implements FibPort {
        final List<FibBatch> batches = new ArrayList<>();
        @Override public void connect(FibListener listener) { }
        @Override public void submit(FibBatch batch) { batches.add(batch); }
        @Override public void watch(IpAddress nextHop) { }
        @Override public void unwatch(IpAddress nextHop) { }

        FibBatch last() { return batches.getLast(); }
    }

    private final RecordingFib fib = new RecordingFib();
    private final Rib rib = new Rib(RibConfig.of(RibHarness.ROUTER_ID, RibHarness.LOCAL_AS, false), fib, OutboundSink.NONE,
            () -> 1_000_000L, 16, 16);

    private void announce(String... prefixes) {
        String nextHop = prefixes[0].contains(":") ? "2001:db8::11" : PEER;
        rib.update(ip(PEER), Update.announce(attrs(nextHop).build(), RibHarness.batch(0, prefixes)));
        rib.flush();
    }

    private void withdraw(String... prefixes) {
        rib.update(ip(PEER), Update.withdraw(RibHarness.batch(0, prefixes)));
        rib.flush();
    }

    PrefixIdLifetimeTest() {
        rib.peerUp(ebgp(PEER, 64601, Policy.ACCEPT_ALL));
        rib.flush();
    }

    @Test
    void aWithdrawnPrefixKeepsItsIdUntilTheFibHasAppliedItsWithdraw() {
        announce("10.1.0.0/24");
        FibBatch added = fib.last();
        int id = added.id(0);
        assertTrue(id >= 0, "the engine's batches carry the prefix id");
        assertEquals(id, rib.prefixIds().find(Family.IPV4_UNICAST, 0x0a01_0000L, 0, 24));

        withdraw("10.1.0.0/24");
        FibBatch withdrawn = fib.last();
        assertTrue(withdrawn.isWithdraw(0));
        assertEquals(id, withdrawn.id(0), "the withdraw names the same id");
        assertEquals(0, rib.prefixCount(Family.IPV4_UNICAST), "a retired prefix is not counted");
        assertEquals(List.of(), rib.routes(null), "nor shown");
        assertEquals(id, rib.prefixIds().find(Family.IPV4_UNICAST, 0x0a01_0000L, 0, 24), "the FIB can still look it up");

        announce("10.2.0.0/24");
        assertNotEquals(id, fib.last().id(0), "not handed to another prefix while the withdraw is unacknowledged");

        rib.fibApplied(withdrawn.sequence() - 1, 0);
        assertEquals(1, rib.familyRib(Family.IPV4_UNICAST).retiredCount(), "an older acknowledgement frees nothing");
        rib.fibApplied(fib.last().sequence(), 0);
        assertEquals(0, rib.familyRib(Family.IPV4_UNICAST).retiredCount());
        assertEquals(-1, rib.prefixIds().find(Family.IPV4_UNICAST, 0x0a01_0000L, 0, 24), "freed once acknowledged");

        announce("10.3.0.0/24");
        assertEquals(id, fib.last().id(0), "and then reused");
        assertEquals(0x0a03_0000L, rib.prefixIds().hi(Family.IPV4_UNICAST, id));
        assertEquals(24, rib.prefixIds().length(Family.IPV4_UNICAST, id));
    }

    @Test
    void aPrefixAnnouncedAgainBeforeTheAcknowledgementGetsItsIdBackAndIsFreedOnlyAfterItsLastWithdraw() {
        announce("2001:db8:1::/48");
        int id = fib.last().id(0);
        withdraw("2001:db8:1::/48");
        long firstWithdraw = fib.last().sequence();

        announce("2001:db8:1::/48");
        assertEquals(id, fib.last().id(0), "revived with the same id");
        assertEquals(1, rib.prefixCount(Family.IPV6_UNICAST));
        assertEquals(0, rib.familyRib(Family.IPV6_UNICAST).retiredCount());

        withdraw("2001:db8:1::/48");
        rib.fibApplied(firstWithdraw, 0);
        assertEquals(id, rib.prefixIds().find(Family.IPV6_UNICAST, 0x2001_0db8_0001_0000L, 0, 48),
                "the second withdraw is still in flight: the id stays");
        rib.fibApplied(fib.last().sequence(), 0);
        assertEquals(-1, rib.prefixIds().find(Family.IPV6_UNICAST, 0x2001_0db8_0001_0000L, 0, 48));
    }

    @Test
    void aFullWithdrawFreesEveryIdOnceItsLastBatchIsAcknowledged() {
        List<IpPrefix> all = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) all.add(new IpPrefix(IpAddress.ofV4(0x0a00_0000 + (i << 8)), 24));
        rib.update(ip(PEER), Update.announce(attrs(PEER).build(), PrefixBatch.of(Family.IPV4_UNICAST, all, null)));
        rib.flush();
        rib.fibApplied(fib.last().sequence(), 0);
        rib.peerDown(ip(PEER), false);
        rib.flush();
        assertEquals(50_000, rib.familyRib(Family.IPV4_UNICAST).retiredCount());
        assertEquals(0, rib.prefixCount(Family.IPV4_UNICAST));
        rib.fibApplied(fib.last().sequence(), 0);
        assertEquals(0, rib.familyRib(Family.IPV4_UNICAST).retiredCount());
        assertEquals(0, rib.familyRib(Family.IPV4_UNICAST).prefixes.size(), "every id freed");
    }

    /** A sweep reads every row: a few withdraws in a large table wait until 1/64 of the ids are retired. */
    @Test
    void aFewWithdrawsInALargeTableWaitForASweepWorthItsWalk() {
        List<IpPrefix> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) all.add(new IpPrefix(IpAddress.ofV4(0x0a00_0000 + (i << 8)), 24));
        rib.update(ip(PEER), Update.announce(attrs(PEER).build(), PrefixBatch.of(Family.IPV4_UNICAST, all, null)));
        rib.flush();
        rib.fibApplied(fib.last().sequence(), 0);
        FamilyRib v4 = rib.familyRib(Family.IPV4_UNICAST);
        rib.update(ip(PEER), Update.withdraw(PrefixBatch.of(Family.IPV4_UNICAST, all.subList(0, 10), null)));
        rib.flush();
        rib.fibApplied(fib.last().sequence(), 0);
        assertEquals(10, v4.retiredCount(), "10 of 10,000: not worth reading every row yet");
        assertEquals(9_990, rib.prefixCount(Family.IPV4_UNICAST));
        rib.update(ip(PEER), Update.withdraw(PrefixBatch.of(Family.IPV4_UNICAST, all.subList(10, 200), null)));
        rib.flush();
        rib.fibApplied(fib.last().sequence(), 0);
        assertEquals(0, v4.retiredCount(), "200 of 10,000 (more than 1/64): all freed in one pass");
        assertEquals(9_800, v4.prefixes.size());
    }

    /**
     * The FIB thread looks prefixes up while the engine adds a growing table (rehashes, wider ids, key pages) and frees
     * others (backward shifts): every prefix added before the lookup began is found, with its own key. Without the
     * lock a lookup during a rehash misses, or reads a half-written slot.
     */
    @Test
    void lookupsFromAnotherThreadFindEveryPrefixWhileTheEngineAddsAndFrees() throws Exception {
        FamilyRib f = new FamilyRib(Family.IPV4_UNICAST, 16);
        int total = 400_000;
        AtomicInteger published = new AtomicInteger(); // prefixes 0 .. published-1 (even ones) are in the index
        AtomicReference<String> failure = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            SplittableRandom r = new SplittableRandom(7);
            long lookups = 0;
            while (published.get() < total && failure.get() == null) {
                int n = published.get();
                if (n < 2) continue;
                int i = r.nextInt(n) & ~1;
                long hi = address(i);
                try {
                    int id = f.findLocked(hi, 0, 24);
                    if (id < 0) failure.set("prefix " + i + " not found after " + lookups + " lookups");
                    else if (f.hiLocked(id) != hi || f.lengthLocked(id) != 24) failure.set("prefix " + i + ": id " + id + " holds another key");
                } catch (RuntimeException e) {
                    failure.set(e.toString());
                }
                lookups++;
            }
        });
        long sequence = 0;
        for (int i = 0; i < total && failure.get() == null; i += 2) {
            long stamp = f.lockForAdds();
            int even, odd;
            try {
                even = f.prefixId(address(i), 0, 24);
                odd = f.prefixId(address(i + 1), 0, 24);
            } finally {
                f.unlockAdds(stamp);
            }
            assertTrue(even >= 0);
            published.set(i + 2);
            f.retire(odd, ++sequence);
            if ((i & 8191) == 0) f.fibApplied(sequence); // frees the odd ones: shifts entries back under the reader
        }
        published.set(total);
        reader.join();
        assertNull(failure.get());
    }

    private static long address(int i) {
        return 0x0a00_0000L + ((long) i << 8) & 0xffff_ffffL;
    }
}
