package org.jbgpd.rib;

import org.jbgpd.fib.NextHopSet;
import org.jbgpd.policy.Policy;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.PrefixBatch;
import org.jbgpd.wire.Update;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.jbgpd.rib.RibHarness.attrs;
import static org.jbgpd.rib.RibHarness.ebgp;
import static org.jbgpd.rib.RibHarness.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer going down with more routes than the dirty list holds (ADR 0122): the dirty bits alone carry its prefixes,
 * and every one of them is still decided once: withdrawn from the FIB, or moved to the other peer's path.
 */
class FullTableWithdrawTest {

    private static final String A = "198.51.100.11";
    private static final String B = "198.51.100.12";
    private static final int ROUTES = FamilyRib.DIRTY_LIST_LIMIT * 2 + 123;

    private static List<IpPrefix> prefixes(int n, int step) {
        List<IpPrefix> out = new ArrayList<>();
        for (int i = 0; i < n; i += step) out.add(new IpPrefix(IpAddress.ofV4(0x0a00_0000 + (i << 8)), 24));
        return out;
    }

    @Test
    void aPeerWithMoreRoutesThanTheDirtyListLeavesOnlyTheOtherPeersRoutes() {
        RibHarness h = new RibHarness(false);
        h.up(ebgp(A, 64601, Policy.ACCEPT_ALL));
        h.up(ebgp(B, 64602, Policy.ACCEPT_ALL));
        h.rib.update(ip(A), Update.announce(attrs(A).asPath(AsPath.sequence(64601)).build(), PrefixBatch.of(Family.IPV4_UNICAST, prefixes(ROUTES, 1), null)));
        h.rib.update(ip(B), Update.announce(attrs(B).asPath(AsPath.sequence(64602, 64700)).build(),
                PrefixBatch.of(Family.IPV4_UNICAST, prefixes(ROUTES, 3), null)));
        h.rib.flush();
        assertEquals(ROUTES, h.fib.routes().size());
        assertEquals(A, h.best("10.0.3.0/24"), "the shorter AS path wins while A is up");

        h.rib.peerDown(ip(A), true);
        h.rib.flush();

        Map<IpPrefix, NextHopSet> left = h.fib.routes();
        assertEquals(prefixes(ROUTES, 3).size(), left.size(), "only B's prefixes stay installed");
        for (IpPrefix p : prefixes(ROUTES, 3)) assertEquals(B, left.get(p).asList().getFirst().toString(), p.toString());
        assertFalse(left.containsKey(IpPrefix.parse("10.0.1.0/24")));
        assertEquals(0, h.rib.dirtyCount());
        assertEquals(prefixes(ROUTES, 3).size(), h.counts(B).installed());

        // The dirty list works again after the bits carried a whole table: a small change is decided at once.
        h.withdraw(B, "10.0.3.0/24");
        h.rib.flush();
        assertEquals("", h.installed("10.0.3.0/24"));
        assertEquals(left.size() - 1, h.fib.routes().size());
    }

    @Test
    void takingDirtyIdsHandsOutEachOnceInTouchOrderOrPastTheLimitInIdOrder() {
        FamilyRib rib = new FamilyRib(Family.IPV4_UNICAST, 16);
        int n = FamilyRib.DIRTY_LIST_LIMIT * 3 + 7;
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = rib.prefixId(0x0a00_0000L + ((long) i << 8), 0, 24);
        // Few: the order first touched.
        rib.markDirty(ids[5]);
        rib.markDirty(ids[2]);
        rib.markDirty(ids[5]);
        assertEquals(2, rib.dirtyCount());
        assertEquals(2, rib.takeDirty());
        assertEquals(ids[5], rib.taken()[0]);
        assertEquals(ids[2], rib.taken()[1]);
        assertEquals(0, rib.takeDirty());
        // Many, in random order: every id once, in runs no longer than the limit, ascending within a run.
        Random random = new Random(8);
        BitSet marked = new BitSet();
        for (int i = 0; i < n * 2; i++) {
            int id = ids[random.nextInt(n)];
            rib.markDirty(id);
            marked.set(id);
        }
        assertEquals(marked.cardinality(), rib.dirtyCount());
        BitSet seen = new BitSet();
        int runs = 0;
        for (int k; (k = rib.takeDirty()) > 0; runs++) {
            assertTrue(k <= FamilyRib.DIRTY_LIST_LIMIT);
            int[] t = rib.taken();
            for (int i = 0; i < k; i++) {
                assertFalse(seen.get(t[i]), "id " + t[i] + " taken twice");
                if (i > 0) assertTrue(t[i] > t[i - 1]);
                seen.set(t[i]);
            }
        }
        assertEquals(marked, seen);
        assertTrue(runs >= 2, "runs: " + runs);
        assertEquals(0, rib.dirtyCount());
        // And back to the list.
        rib.markDirty(ids[9]);
        rib.markDirty(ids[1]);
        assertEquals(2, rib.takeDirty());
        assertEquals(ids[9], rib.taken()[0]);
    }
}
