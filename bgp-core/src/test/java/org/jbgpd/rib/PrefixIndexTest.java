package org.jbgpd.rib;

import org.jbgpd.wire.Family;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The open-addressing prefix table against a HashMap, under random churn (adds, removes, id reuse, rehash). */
class PrefixIndexTest {

    @Test
    void agreesWithAHashMapUnderChurn_ipv4() {
        churn(Family.IPV4_UNICAST, 1);
    }

    @Test
    void agreesWithAHashMapUnderChurn_ipv6() {
        churn(Family.IPV6_UNICAST, 2);
    }

    @Test
    void prefixesOfEveryLengthKeepTheirKeys_ipv4() {
        everyLength(Family.IPV4_UNICAST, 3);
    }

    @Test
    void prefixesOfEveryLengthKeepTheirKeys_ipv6() {
        everyLength(Family.IPV6_UNICAST, 4);
    }

    @Test
    void aFullTableOfShortPrefixesNeedsNoSideRowsAndTakesFourBytesOfKeyPerIpv4Prefix() {
        PrefixIndex v4 = new PrefixIndex(Family.IPV4_UNICAST, 16);
        PrefixIndex v6 = new PrefixIndex(Family.IPV6_UNICAST, 16);
        int n = 6 << IntRows.PAGE_SHIFT; // whole pages of key rows: 98,304 prefixes
        for (int i = 0; i < n; i++) {
            v4.findOrAdd(0x0a000000L + ((long) i << 8), 0, 24);
            v6.findOrAdd(0x20010db8_00000000L | (long) i << 16, 0, 48);
        }
        assertEquals(0, v4.wideKeys());
        assertEquals(0, v6.wideKeys());
        // the keys alone (all but the slots): about 4 bytes per IPv4 prefix and 8 per IPv6 one, where they took 8 and 17
        long keys4 = v4.footprintBytes() - v4.slots() * 4L, keys6 = v6.footprintBytes() - v6.slots() * 4L;
        assertTrue(keys4 < n * 5L, "IPv4 key bytes " + keys4);
        assertTrue(keys6 < n * 9L, "IPv6 key bytes " + keys6);
        // one /32 and one /128 take a side row each; the other prefixes keep their short keys
        int host = v4.findOrAdd(0xc0000201L, 0, 32);
        int host6 = v6.findOrAdd(0x20010db8_00000000L, 1, 128);
        assertEquals(1, v4.wideKeys());
        assertEquals(1, v6.wideKeys());
        assertEquals(0xc0000201L, v4.hi(host));
        assertEquals(32, v4.length(host));
        assertEquals(1, v6.lo(host6));
        assertEquals(128, v6.length(host6));
        v4.remove(host);
        v6.remove(host6);
        assertEquals(0, v4.wideKeys());
        assertEquals(0, v6.wideKeys());
    }

    @Test
    void aMillionPrefixesTakeOneAndAHalfTimesTwoToTheTwentySlots() {
        PrefixIndex idx = new PrefixIndex(Family.IPV4_UNICAST, 16);
        for (int i = 0; i < 1_000_000; i++) assertEquals(i, idx.findOrAdd(0x0a000000L + ((long) i << 4), 0, 28));
        // at most three quarters full, on the ladder 2^k, 1.5 x 2^k: 1,572,864 slots (6 MiB), where doubling gave 2^21
        assertEquals(3 << 19, idx.slots());
        for (int i = 0; i < 1_000_000; i++) assertEquals(i, idx.find(0x0a000000L + ((long) i << 4), 0, 28));
        assertEquals(-1, idx.find(0x0a000000L + (1_000_000L << 4), 0, 28));
    }

    @Test
    void aGrowingTableReusesItsPagesInsteadOfLeavingOldTablesBehind() {
        // What a load allocates the old generation has to hold until a full GC: growing by copying allocated every
        // table on the ladder (6 + 4 + 3 + 2 + 1.5 + ... = ~18 MiB of int[] for a 6 MiB table at 1M prefixes, and the
        // last discarded one needed a System.gc()); reusing the old pages allocates the final table and a short page
        // or two (ADR 0126). The 8 MiB of keys are the same either way.
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        PrefixIndex idx = new PrefixIndex(Family.IPV4_UNICAST, 16);
        for (int i = 0; i < 1_000_000; i++) idx.findOrAdd(0x0a000000L + ((long) i << 4), 0, 28);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long keys = 8L * 1_000_000, table = 4L * idx.slots();
        assertEquals(3 << 19, idx.slots());
        assertEquals((3 << 19) / PrefixIndex.PAGE_SLOTS, idx.pageCount());
        assertTrue(allocated < keys + table + table / 2, "allocated " + allocated + " bytes for " + keys + " of keys and a table of " + table);
        for (int i = 0; i < 1_000_000; i++) assertEquals(i, idx.find(0x0a000000L + ((long) i << 4), 0, 28));
        idx.checkDisplacements(); // throws when a displacement field is wrong
    }

    /**
     * Slots hold a tag of hash bits above the id (ADR 0114); each time the ids need one more bit the tags move up in
     * place. Every prefix stays findable under its own id across those widenings, with removals and id reuse between.
     */
    @Test
    void everyPrefixStaysFindableWhileTheIdsOutgrowTheirBits() {
        PrefixIndex idx = new PrefixIndex(Family.IPV4_UNICAST, 16);
        assertEquals(4, idx.idBits());
        int n = 70_000;
        for (int i = 0; i < n; i++) {
            assertEquals(i, idx.findOrAdd(hi(Family.IPV4_UNICAST, i), 0, 24));
            if (Integer.bitCount(i + 1) == 1) { // just after the ids filled 2^k: the next one widens them
                for (int j = 0; j <= i; j++) assertEquals(j, idx.find(hi(Family.IPV4_UNICAST, j), 0, 24), "prefix " + j + " at " + (i + 1));
                assertEquals(-1, idx.find(hi(Family.IPV4_UNICAST, i + 1), 0, 24));
            }
        }
        assertEquals(17, idx.idBits()); // 70,000 ids need 17 bits
        for (int i = 0; i < n; i += 2) idx.remove(i);
        for (int i = 0; i < n; i += 2) assertEquals(-1, idx.find(hi(Family.IPV4_UNICAST, i), 0, 24));
        for (int i = 1; i < n; i += 2) assertEquals(i, idx.find(hi(Family.IPV4_UNICAST, i), 0, 24));
        // other prefixes take the freed ids (no widening) and then new ones past 2^17 (one more)
        for (int i = n; i < 3 * n; i++) {
            int id = idx.findOrAdd(hi(Family.IPV4_UNICAST, i), 0, 24);
            assertEquals(hi(Family.IPV4_UNICAST, i), idx.hi(id));
        }
        assertEquals(18, idx.idBits());
        for (int i = 1; i < n; i += 2) assertEquals(i, idx.find(hi(Family.IPV4_UNICAST, i), 0, 24));
        for (int i = n; i < 3 * n; i++) assertEquals(hi(Family.IPV4_UNICAST, i), idx.hi(idx.find(hi(Family.IPV4_UNICAST, i), 0, 24)));
        assertEquals(n / 2 + 2 * n, idx.size());
    }

    @Test
    void aPresizedIndexHoldsItsExpectedPrefixesWithoutGrowing() {
        PrefixIndex idx = new PrefixIndex(Family.IPV6_UNICAST, 5000);
        int slots = idx.slots();
        assertTrue(slots * 3L / 4 >= 5000 && slots < 5000 * 2, "slots " + slots);
        for (int i = 0; i < 5000; i++) idx.findOrAdd(0x20010db8_00000000L + i, 0, 64);
        assertEquals(slots, idx.slots());
    }

    @Test
    void aFullWithdrawFreesEveryIdAndTheNextLoadReusesThemAll_ipv4() {
        withdrawAllAndReload(Family.IPV4_UNICAST);
    }

    @Test
    void aFullWithdrawFreesEveryIdAndTheNextLoadReusesThemAll_ipv6() {
        withdrawAllAndReload(Family.IPV6_UNICAST);
    }

    /** What a peer going down and coming back does to the index: every id freed, then handed out again, none twice. */
    private static void withdrawAllAndReload(Family f) {
        int n = 100_000;
        PrefixIndex idx = new PrefixIndex(f, 16);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = idx.findOrAdd(hi(f, i), lo(f, i), len(f));
        for (int i = 0; i < n; i++) idx.remove(ids[i]);
        assertEquals(0, idx.size());
        for (int id = 0; id < idx.idLimit(); id++) assertFalse(idx.isLive(id), "id " + id + " still live");
        for (int i = 0; i < n; i++) assertEquals(-1, idx.find(hi(f, i), lo(f, i), len(f)));
        boolean[] seen = new boolean[n];
        // the second load in another order, with other prefixes
        for (int i = n - 1; i >= 0; i--) {
            int id = idx.findOrAdd(hi(f, i + n), lo(f, i + n), len(f));
            assertTrue(id < n, "a freed id is reused before a new one is handed out: " + id);
            assertFalse(seen[id], "id " + id + " handed out twice");
            seen[id] = true;
            assertEquals(hi(f, i + n), idx.hi(id));
            assertEquals(lo(f, i + n), idx.lo(id));
            assertEquals(len(f), idx.length(id));
        }
        assertEquals(n, idx.idLimit());
        for (int i = 0; i < n; i++) assertTrue(idx.isLive(idx.find(hi(f, i + n), lo(f, i + n), len(f))));
        for (int i = 0; i < n; i++) assertEquals(-1, idx.find(hi(f, i), lo(f, i), len(f)));
    }

    @Test
    void removalsKeepEveryDisplacementRightIncludingTheLongOnes() {
        // 3/4 full before each growth: long runs of occupied slots, so some entries sit 31 or more slots past their home
        // (the field then says "that many or more" and a removal reads the key). Removing in random order shifts entries
        // back across all of them; every field must stay exact and every prefix findable.
        int n = 400_000;
        PrefixIndex idx = new PrefixIndex(Family.IPV4_UNICAST, 16);
        SplittableRandom r = new SplittableRandom(121);
        long[] keys = new long[n];
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((i * 0x9E3779B1L) & 0xff_ffffL) << 8; // distinct /24s (an odd multiplier permutes 2^24), spread out
            ids[i] = idx.findOrAdd(keys[i], 0, 24);
        }
        int saturated = idx.checkDisplacements();
        for (int i = n - 1; i > 0; i--) { // shuffle the removal order
            int j = r.nextInt(i + 1);
            long k = keys[i]; keys[i] = keys[j]; keys[j] = k;
            int d = ids[i]; ids[i] = ids[j]; ids[j] = d;
        }
        for (int i = 0; i < n; i++) {
            idx.remove(ids[i]);
            assertEquals(-1, idx.find(keys[i], 0, 24));
            if (i % 50_000 == 0) {
                saturated += idx.checkDisplacements();
                for (int k = i + 1; k < n; k += 97) assertEquals(ids[k], idx.find(keys[k], 0, 24));
            }
        }
        assertEquals(0, idx.size());
        assertTrue(saturated > 0, "no entry sat 31 or more slots past its home: the key-reading path was not exercised");
    }

    private static long hi(Family f, int i) {
        return f == Family.IPV4_UNICAST ? (0x0a000000L + ((long) i << 8)) & 0xffff_ffffL : 0x20010db8_00000000L | i;
    }

    private static long lo(Family f, int i) { return f == Family.IPV4_UNICAST ? 0 : i & 1; }

    private static int len(Family f) { return f == Family.IPV4_UNICAST ? 24 : 128; }

    /** Random prefixes of random lengths (host bits clear), added and removed against a map of what must be there. */
    private static void everyLength(Family f, long seed) {
        boolean v4 = f == Family.IPV4_UNICAST;
        PrefixIndex idx = new PrefixIndex(f, 16);
        Map<String, Integer> ref = new HashMap<>();
        Map<Integer, String> byId = new HashMap<>();
        SplittableRandom r = new SplittableRandom(seed);
        int maxLen = v4 ? 32 : 128;
        for (int step = 0; step < 100_000; step++) {
            int len = r.nextInt(maxLen + 1);
            long hi, lo;
            if (v4) {
                hi = len == 0 ? 0 : (r.nextLong() & 0xffff_ffffL) & (0xffff_ffffL << (32 - len)) & 0xffff_ffffL;
                lo = 0;
            } else {
                hi = len == 0 ? 0 : len >= 64 ? r.nextLong() : r.nextLong() & (-1L << (64 - len));
                lo = len <= 64 ? 0 : len == 128 ? r.nextLong() : r.nextLong() & (-1L << (128 - len));
            }
            if (r.nextInt(8) == 0) hi &= ~0xffL; // some neighbours that differ only in length
            String key = hi + "/" + lo + "/" + len;
            if (r.nextInt(3) == 0 && !ref.isEmpty()) {
                // remove a prefix that is there (random ones would almost never be)
                String victim = byId.get(ref.values().iterator().next());
                int id = ref.remove(victim);
                byId.remove(id);
                idx.remove(id);
                String[] p = victim.split("/");
                assertEquals(-1, idx.find(Long.parseLong(p[0]), Long.parseLong(p[1]), Integer.parseInt(p[2])));
            } else {
                int id = idx.findOrAdd(hi, lo, len);
                Integer known = ref.putIfAbsent(key, id);
                if (known != null) assertEquals(known.intValue(), id, "same prefix, same id");
                byId.put(id, key);
                assertEquals(hi, idx.hi(id), key);
                assertEquals(lo, idx.lo(id), key);
                assertEquals(len, idx.length(id), key);
            }
        }
        int wide = 0;
        for (var e : ref.entrySet()) {
            String[] p = e.getKey().split("/");
            long hi = Long.parseLong(p[0]), lo = Long.parseLong(p[1]);
            int len = Integer.parseInt(p[2]);
            int id = e.getValue();
            assertEquals(id, idx.find(hi, lo, len), e.getKey());
            assertTrue(idx.isLive(id));
            assertEquals(hi, idx.hi(id));
            assertEquals(lo, idx.lo(id));
            assertEquals(len, idx.length(id));
            if (v4 ? len > 29 : len > 61) wide++;
        }
        assertEquals(wide, idx.wideKeys(), "prefixes in side rows");
        assertEquals(ref.size(), idx.size());
        idx.checkDisplacements();
    }

    private static void churn(Family f, long seed) {
        PrefixIndex idx = new PrefixIndex(f, 16);
        Map<String, Integer> ref = new HashMap<>();
        SplittableRandom r = new SplittableRandom(seed);
        for (int step = 0; step < 200_000; step++) {
            // a small key space, so that adds hit existing keys and removals leave probe chains with holes
            long hi = f == Family.IPV4_UNICAST ? (r.nextInt(4096) << 8) & 0xffff_ffffL : 0x20010db8_00000000L | r.nextInt(4096);
            long lo = f == Family.IPV4_UNICAST ? 0 : r.nextInt(3);
            int len = f == Family.IPV4_UNICAST ? 24 : 64 + r.nextInt(2) * 64;
            String key = hi + "/" + lo + "/" + len;
            if (r.nextInt(3) == 0) {
                Integer id = ref.remove(key);
                if (id != null) idx.remove(id);
                assertEquals(-1, idx.find(hi, lo, len));
            } else {
                int id = idx.findOrAdd(hi, lo, len);
                Integer known = ref.putIfAbsent(key, id);
                if (known != null) assertEquals(known.intValue(), id, "same prefix, same id");
                assertEquals(hi, idx.hi(id));
                assertEquals(lo, idx.lo(id));
                assertEquals(len, idx.length(id));
            }
            if (step % 20_000 == 0) {
                assertEquals(ref.size(), idx.size());
                idx.checkDisplacements();
                for (var e : ref.entrySet()) {
                    String[] p = e.getKey().split("/");
                    assertEquals(e.getValue().intValue(), idx.find(Long.parseLong(p[0]), Long.parseLong(p[1]), Integer.parseInt(p[2])));
                }
            }
        }
        int live = 0;
        for (int id = 0; id < idx.idLimit(); id++) if (idx.isLive(id)) live++;
        assertEquals(ref.size(), live);
    }
}
