package org.jbgpd.netlink;

import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefixMapTest {

    @Test
    void touchReadsTheHomeSlotAtEverySizeAndChangesNothing() {
        PrefixMap map = new PrefixMap();
        org.jbgpd.wire.Family v4 = org.jbgpd.wire.Family.IPV4_UNICAST;
        assertEquals(0, map.touch(v4, 0x0a000000L, 24));
        map.put(v4, 0x0a000000L, 0, 24, 5);
        assertTrue(map.touch(v4, 0x0a000000L, 24) != 0, "a lone prefix sits in its home slot");
        assertEquals(0, map.touch(org.jbgpd.wire.Family.IPV6_UNICAST, 0x20010db8_00000000L, 48));
        // across growths, including capacities whose last page is short (e.g. 24576 slots = 1.5 pages)
        for (int i = 1; i < 100_000; i++) {
            long a = 0x0a000000L + ((long) i << 8);
            map.put(v4, a, 0, 24, 1 + (i & 0xff));
            for (int j = Math.max(0, i - 3); j <= i + 3; j++) map.touch(v4, 0x0a000000L + ((long) j << 8), 24);
        }
        assertEquals(100_000, map.size());
        assertEquals(5, map.get(v4, 0x0a000000L, 0, 24));
        for (int i = 1; i < 100_000; i++) assertEquals(1 + (i & 0xff), map.get(v4, 0x0a000000L + ((long) i << 8), 0, 24));
    }

    @Test
    void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
        PrefixMap map = new PrefixMap();
        Map<IpPrefix, Integer> reference = new HashMap<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            // a small key space so removes hit, both families, lengths that make equal bits differ
            int n = r.nextInt(5000);
            IpPrefix p = n % 3 == 0
                    ? IpPrefix.parse("2001:db8:" + Integer.toHexString(n) + "::/48")
                    : IpPrefix.of(org.jbgpd.wire.IpAddress.ofV4(0x0a140000 | (n & 0xff) << 8), n % 2 == 0 ? 24 : 16 + (n & 7));
            putOrRemove(map, reference, r, p, r.nextInt(3) == 0);
            assertEquals(reference.size(), map.size());
        }
        for (var e : reference.entrySet()) assertEquals(e.getValue(), map.get(e.getKey()));
        assertEquals(0, map.get(IpPrefix.parse("192.0.2.0/24")));
        assertEverySlotHoldsItsReferenceValue(map, reference);
    }

    @Test
    void keepsEveryIpv4EntryWhenProbesAndBackwardShiftsCrossPageBoundaries() {
        // 150k live /24s need a table of many pages (V4_PAGE_SLOTS each), so runs of slots that a
        // remove shifts back, and probes that look for a key, often span the end of one page and the
        // start of the next, and the end of the table; the test above stays within one page.
        PrefixMap map = new PrefixMap();
        Map<IpPrefix, Integer> reference = new HashMap<>();
        SplittableRandom r = new SplittableRandom(11);
        int keys = 150_000;
        for (int i = 0; i < 1_200_000; i++) {
            int n = r.nextInt(keys);
            IpPrefix p = IpPrefix.of(IpAddress.ofV4(0x0a000000 + (n << 8)), 24);
            putOrRemove(map, reference, r, p, i > 400_000 && r.nextInt(4) == 0); // keeps about 3/4 of the keys live: long runs
        }
        assertEquals(reference.size(), map.size());
        assertTrue(map.capacity() > 4 * PrefixMap.V4_PAGE_SLOTS, "the table spans several pages");
        for (int n = 0; n < keys; n++) {
            IpPrefix p = IpPrefix.of(IpAddress.ofV4(0x0a000000 + (n << 8)), 24);
            assertEquals(orZero(reference.get(p)), map.get(p), p.toString());
        }
        assertEverySlotHoldsItsReferenceValue(map, reference);
    }

    @Test
    void holdsTheDefaultRoutesAndHostRoutesOfBothFamilies() {
        PrefixMap map = new PrefixMap();
        IpPrefix[] prefixes = {IpPrefix.parse("0.0.0.0/0"), IpPrefix.parse("255.255.255.255/32"),
                IpPrefix.parse("::/0"), IpPrefix.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"),
                IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("10.0.0.0/9")};
        for (int i = 0; i < prefixes.length; i++) assertEquals(0, map.put(prefixes[i], i + 1));
        assertEquals(prefixes.length, map.size());
        for (int i = 0; i < prefixes.length; i++) assertEquals(i + 1, map.get(prefixes[i]));
        assertEquals(6, map.put(prefixes[5], PrefixMap.MAX_VALUE));
        assertEquals(PrefixMap.MAX_VALUE, map.get(prefixes[5]));
        assertThrows(IllegalArgumentException.class, () -> map.put(prefixes[0], 0));
        assertThrows(IllegalArgumentException.class, () -> map.put(prefixes[0], PrefixMap.MAX_VALUE + 1));
        map.clear();
        assertEquals(0, map.size());
        assertEquals(0, map.get(prefixes[0]));
    }

    @Test
    void staysAHashMapWhileItGrowsAcrossPages() {
        // A key space of 300k prefixes per family: both tables grow to dozens of pages, and removes shift entries
        // back across page boundaries.
        PrefixMap map = new PrefixMap();
        Map<IpPrefix, Integer> reference = new HashMap<>();
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 1_500_000; i++) {
            int n = r.nextInt(600_000);
            IpPrefix p = n % 2 == 0
                    ? IpPrefix.of(org.jbgpd.wire.IpAddress.ofV4(0x0a000000 | n << 2), 30)
                    : new IpPrefix(new org.jbgpd.wire.IpAddress(org.jbgpd.wire.Family.IPV6_UNICAST, 0x20010db8_00000000L | n, (long) n << 32), 96);
            putOrRemove(map, reference, r, p, r.nextInt(4) == 0);
        }
        assertEquals(reference.size(), map.size());
        for (var e : reference.entrySet()) assertEquals(e.getValue(), map.get(e.getKey()));
        assertEverySlotHoldsItsReferenceValue(map, reference);
        for (var p : reference.keySet()) assertEquals(reference.get(p), map.remove(p));
        assertEquals(0, map.size());
    }

    @Test
    void aMillionIpv4RoutesTakeEightBytesPerSlot() {
        PrefixMap map = new PrefixMap();
        for (int i = 0; i < 1_000_000; i++) map.put(org.jbgpd.wire.Family.IPV4_UNICAST, 0x0a000000L | (long) i << 4, 0, 28, 1 + (i & 7));
        assertEquals(1_000_000, map.size());
        // 1.5 x 2^20 slots of 8 bytes (load factor at most 3/4; capacities 2^k and 1.5 x 2^k, so not 2^21), plus the
        // 16-slot IPv6 arrays (12 bytes a slot: no low halves)
        assertEquals(8L * (3 << 19) + 12L * 16, map.footprintBytes());
        for (int i = 0; i < 1_000_000; i += 2) assertEquals(1 + (i & 7), map.remove(org.jbgpd.wire.Family.IPV4_UNICAST, 0x0a000000L | (long) i << 4, 0, 28));
        for (int i = 1; i < 1_000_000; i += 2) assertEquals(1 + (i & 7), map.get(org.jbgpd.wire.Family.IPV4_UNICAST, 0x0a000000L | (long) i << 4, 0, 28));
        assertEquals(500_000, map.size());
    }

    @Test
    void aGrowingIpv4TableReusesItsPagesInsteadOfLeavingCopiesBehind() {
        // What a load of 1M IPv4 routes allocates is what the FIB's old generation has to hold (or a full GC has to
        // collect): growing by copying allocated every capacity on the ladder (12 + 8 + 6 + 4 + 3 + ... = ~40 MiB);
        // reusing the old pages leaves only the final 12 MiB and a few pages per growth.
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        PrefixMap map = new PrefixMap();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) map.put(org.jbgpd.wire.Family.IPV4_UNICAST, 0x0a000000L | (long) i << 4, 0, 28, 1 + (i & 7));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long table = 8L * map.v4Capacity();
        assertTrue(allocated < table + table / 2, "allocated " + allocated + " bytes for a table of " + table);
        for (int i = 0; i < 1_000_000; i++) assertEquals(1 + (i & 7), map.get(org.jbgpd.wire.Family.IPV4_UNICAST, 0x0a000000L | (long) i << 4, 0, 28));
    }

    @Test
    void aMillionIpv6RoutesTakeTwelveBytesPerSlotOnTheLadder() {
        PrefixMap map = new PrefixMap();
        org.jbgpd.wire.Family v6 = org.jbgpd.wire.Family.IPV6_UNICAST;
        for (int i = 0; i < 1_000_000; i++) map.put(v6, 0x20010db8_00000000L + ((long) i << 16), 0, 48, 1 + (i & 7));
        assertEquals(1_000_000, map.size());
        // 1.5 x 2^20 slots (load factor at most 3/4 on the ladder 2^k, 1.5 x 2^k: not the 2^21 of the segments that
        // split by doubling, ADR 0133), 12 bytes per slot (address high half, length and value: no /48 has a low
        // half), plus the 16-slot IPv4 array
        assertEquals(12L * (3 << 19) + 8L * 16, map.footprintBytes());
        // a /128 gives its page (and that one only) an array of low halves
        map.put(IpPrefix.parse("2001:db8::1/128"), 3);
        assertEquals(12L * (3 << 19) + 8L * 16 + 8L * PrefixMap.V6_PAGE_SLOTS, map.footprintBytes());
        assertEquals(3, map.get(IpPrefix.parse("2001:db8::1/128")));
        assertEquals(0, map.get(IpPrefix.parse("2001:db8::/128")));
        assertEquals(3, map.remove(IpPrefix.parse("2001:db8::1/128")));
        for (int i = 0; i < 1_000_000; i += 2) assertEquals(1 + (i & 7), map.remove(v6, 0x20010db8_00000000L + ((long) i << 16), 0, 48));
        for (int i = 0; i < 1_000_000; i++) assertEquals(i % 2 == 0 ? 0 : 1 + (i & 7), map.get(v6, 0x20010db8_00000000L + ((long) i << 16), 0, 48));
        assertEquals(500_000, map.size());
    }

    @Test
    void aGrowingIpv6TableReusesItsPagesInsteadOfLeavingCopiesBehind() {
        // As for IPv4: a load of 1M /48s allocates about the final table (18 MiB) and a few pages per growth, not the
        // sum of every capacity on the ladder.
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        PrefixMap map = new PrefixMap();
        org.jbgpd.wire.Family v6 = org.jbgpd.wire.Family.IPV6_UNICAST;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1_000_000; i++) map.put(v6, 0x20010db8_00000000L + ((long) i << 16), 0, 48, 1 + (i & 7));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        long table = map.footprintBytes();
        assertTrue(allocated < table + table / 2, "allocated " + allocated + " bytes for a table of " + table);
        for (int i = 0; i < 1_000_000; i++) assertEquals(1 + (i & 7), map.get(v6, 0x20010db8_00000000L + ((long) i << 16), 0, 48));
    }

    @Test
    void ipv6PrefixesWithAndWithoutLowHalvesShareItsPagesThroughGrowthsAndShifts() {
        // /48s (no low half) and /128s (a low half) in one table: entries move between pages with and without arrays
        // of low halves (backward shifts and growths), and a slot reused by a /48 must not keep a /128's low half.
        PrefixMap map = new PrefixMap();
        Map<IpPrefix, Integer> reference = new HashMap<>();
        SplittableRandom r = new SplittableRandom(13);
        org.jbgpd.wire.Family v6 = org.jbgpd.wire.Family.IPV6_UNICAST;
        for (int i = 0; i < 800_000; i++) {
            int n = r.nextInt(120_000);
            IpPrefix p = n % 5 == 0
                    ? new IpPrefix(new IpAddress(v6, 0x20010db8_00000000L | n, 1L + n), 128)
                    : new IpPrefix(new IpAddress(v6, 0x20010db8_00000000L + ((long) n << 16), 0), 48);
            putOrRemove(map, reference, r, p, r.nextInt(3) == 0);
        }
        assertEquals(reference.size(), map.size());
        for (var e : reference.entrySet()) assertEquals(e.getValue(), map.get(e.getKey()));
        // the same addresses with the other length, and the /48s' addresses with a low half, are absent
        assertEquals(0, map.get(new IpPrefix(new IpAddress(v6, 0x20010db8_00000000L + (5L << 16), 1), 128)));
        assertEverySlotHoldsItsReferenceValue(map, reference);
        for (var p : reference.keySet()) assertEquals(reference.get(p), map.remove(p));
        assertEquals(0, map.size());
    }

    /** Removes p from both (remove) or puts a random value under it in both, and checks they answered alike. */
    private static void putOrRemove(PrefixMap map, Map<IpPrefix, Integer> reference, SplittableRandom r, IpPrefix p, boolean remove) {
        if (remove) {
            assertEquals(orZero(reference.remove(p)), map.remove(p));
        } else {
            int v = 1 + r.nextInt(PrefixMap.MAX_VALUE);
            assertEquals(orZero(reference.put(p, v)), map.put(p, v));
        }
    }

    /** Every used slot holds a prefix of the reference with its value, and there are as many as the reference has. */
    private static void assertEverySlotHoldsItsReferenceValue(PrefixMap map, Map<IpPrefix, Integer> reference) {
        int seen = 0;
        for (int s = 0; s < map.capacity(); s++) {
            if (!map.used(s)) continue;
            seen++;
            assertEquals(reference.get(map.prefix(s)), map.value(s), "slot " + s);
        }
        assertEquals(reference.size(), seen);
    }

    private static int orZero(Integer v) { return v == null ? 0 : v; }
}
