package org.jbgpd.netlink;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

/**
 * A hash map from prefix (family, address bits, length) to a small positive int, in primitive
 * arrays with linear probing: no object per route, and neither put nor remove allocates (except
 * when a table grows). Not thread-safe. Values are 1 to {@link #MAX_VALUE}; 0 means "absent" in
 * every answer, so callers map what they store (a next-hop set, a retry count) to such an int.
 *
 * <p>IPv4 entries are one {@code long} each (address, length and value packed, 0 = free): at a
 * million routes and a load factor of at most 3/4 that is 8 bytes per slot, 16 MiB in all, where
 * the object-valued map of earlier sessions needed 24 bytes per slot plus the values (ADR 0034).
 * A lookup touches one cache line. IPv6 entries keep two longs of address and an int of length
 * and value (20 bytes per slot).
 *
 * <p>Iterate with slots: {@code for (int s = 0; s < map.capacity(); s++) if (map.used(s)) ...};
 * slots below {@link #v4Capacity()} are IPv4, the rest IPv6. A slot number is valid until the next
 * put or remove.
 */
final class PrefixMap {
    /** The largest value the map holds (24 bits, so that an IPv4 entry fits one long). */
    static final int MAX_VALUE = (1 << 24) - 1;
    private static final int MIN_CAPACITY = 16;
    /** From this many IPv4 slots (8 MiB) on, a doubling is followed by a full GC (see growV4). */
    private static final int LARGE_TABLE_SLOTS = 1 << 20;

    // IPv4: bits 0-31 address, 32-39 prefix length, 40-63 value (never 0 in a used slot).
    private long[] v4;
    private int v4Size;
    private int v4Mask;
    // IPv6: address halves, and length (bits 0-7) | value << 8 (0 = free).
    private long[] v6Hi;
    private long[] v6Lo;
    private int[] v6Meta;
    private int v6Size;
    private int v6Mask;

    PrefixMap() {
        v4 = new long[MIN_CAPACITY];
        v4Mask = MIN_CAPACITY - 1;
        allocateV6(MIN_CAPACITY);
    }

    private void allocateV6(int cap) {
        v6Hi = new long[cap];
        v6Lo = new long[cap];
        v6Meta = new int[cap];
        v6Mask = cap - 1;
    }

    int size() { return v4Size + v6Size; }

    int capacity() { return v4.length + v6Meta.length; }

    int v4Capacity() { return v4.length; }

    boolean used(int slot) {
        return slot < v4.length ? v4[slot] != 0 : v6Meta[slot - v4.length] != 0;
    }

    Family family(int slot) { return slot < v4.length ? Family.IPV4_UNICAST : Family.IPV6_UNICAST; }

    long hi(int slot) { return slot < v4.length ? v4[slot] & 0xffff_ffffL : v6Hi[slot - v4.length]; }

    long lo(int slot) { return slot < v4.length ? 0 : v6Lo[slot - v4.length]; }

    int length(int slot) {
        return slot < v4.length ? (int) (v4[slot] >>> 32) & 0xff : v6Meta[slot - v4.length] & 0xff;
    }

    int value(int slot) {
        return slot < v4.length ? (int) (v4[slot] >>> 40) : v6Meta[slot - v4.length] >>> 8;
    }

    IpPrefix prefix(int slot) {
        return new IpPrefix(new IpAddress(family(slot), hi(slot), lo(slot)), length(slot));
    }

    /** The value of the prefix, or 0. */
    int get(Family f, long h, long l, int length) {
        int s = slotOf(f, h, l, length);
        return s < 0 ? 0 : value(s);
    }

    int get(IpPrefix p) {
        return get(p.family(), p.address().hi(), p.address().lo(), p.length());
    }

    boolean contains(Family f, long h, long l, int length) {
        return slotOf(f, h, l, length) >= 0;
    }

    /** The slot holding the prefix, or -1. Valid until the next put or remove. */
    int slotOf(Family f, long h, long l, int length) {
        if (f == Family.IPV4_UNICAST) {
            int s = findV4(v4Key(h, length));
            return s < 0 ? -1 : s;
        }
        int s = findV6(h, l, length);
        return s < 0 ? -1 : v4.length + s;
    }

    /** Sets the value (1 to {@link #MAX_VALUE}); returns the previous one or 0. */
    int put(Family f, long h, long l, int length, int value) {
        if (value <= 0 || value > MAX_VALUE) throw new IllegalArgumentException("value out of range: " + value);
        return f == Family.IPV4_UNICAST ? putV4(v4Key(h, length), value) : putV6(h, l, length, value);
    }

    int put(IpPrefix p, int value) {
        return put(p.family(), p.address().hi(), p.address().lo(), p.length(), value);
    }

    /** Removes the entry; returns its value or 0. */
    int remove(Family f, long h, long l, int length) {
        if (f == Family.IPV4_UNICAST) {
            if (v4Size == 0) return 0;
            int s = findV4(v4Key(h, length));
            if (s < 0) return 0;
            int old = (int) (v4[s] >>> 40);
            deleteV4(s);
            return old;
        }
        if (v6Size == 0) return 0;
        int s = findV6(h, l, length);
        if (s < 0) return 0;
        int old = v6Meta[s] >>> 8;
        deleteV6(s);
        return old;
    }

    int remove(IpPrefix p) {
        return remove(p.family(), p.address().hi(), p.address().lo(), p.length());
    }

    /** Empties the map and gives its memory back (a full table's stale set is 16 MiB). */
    void clear() {
        v4 = new long[MIN_CAPACITY];
        v4Mask = MIN_CAPACITY - 1;
        v4Size = 0;
        allocateV6(MIN_CAPACITY);
        v6Size = 0;
    }

    // ---- IPv4 ----

    private static long v4Key(long h, int length) {
        return (h & 0xffff_ffffL) | (long) (length & 0xff) << 32;
    }

    private static int hashV4(long key) {
        long x = key * 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 29) ^ (x >>> 47));
    }

    /** The slot holding {@code key}, or ~(the free slot where it would go). */
    private int findV4(long key) {
        long[] t = v4;
        int mask = v4Mask;
        int s = hashV4(key) & mask;
        long e;
        while ((e = t[s]) != 0) {
            if ((e & 0xff_ffff_ffffL) == key) return s;
            s = (s + 1) & mask;
        }
        return ~s;
    }

    private int putV4(long key, int value) {
        long entry = key | (long) value << 40;
        int s = findV4(key);
        if (s >= 0) {
            int old = (int) (v4[s] >>> 40);
            v4[s] = entry;
            return old;
        }
        if ((v4Size + 1) * 4L > v4.length * 3L) {
            growV4();
            s = findV4(key);
        }
        v4[~s] = entry;
        v4Size++;
        return 0;
    }

    /** Backward-shift deletion: keeps probe chains intact without tombstones. */
    private void deleteV4(int s) {
        long[] t = v4;
        int mask = v4Mask;
        int gap = s;
        int i = s;
        while (true) {
            i = (i + 1) & mask;
            long e = t[i];
            if (e == 0) break;
            if (!homeBetween(gap, i, hashV4(e & 0xff_ffff_ffffL) & mask)) {
                t[gap] = e;
                gap = i;
            }
        }
        t[gap] = 0;
        v4Size--;
    }

    /**
     * The rule of backward-shift deletion, for both families: the entry at slot {@code i} stays where it is if its
     * home slot lies cyclically in (gap, i], else it moves into the gap. The IPv4 and IPv6 loops around it stay
     * twins on purpose: one packed long per IPv4 entry against three parallel arrays for IPv6, and a shared loop
     * over an accessor would cost a call per probe on the FIB's hottest path.
     */
    private static boolean homeBetween(int gap, int i, int home) {
        return gap <= i ? (home > gap && home <= i) : (home > gap || home <= i);
    }

    private void growV4() {
        long[] old = v4;
        v4 = new long[old.length * 2];
        v4Mask = v4.length - 1;
        for (long e : old) {
            if (e != 0) v4[~findV4(e & 0xff_ffff_ffffL)] = e;
        }
        // The old table (4 MiB and more from about 390k routes on) is garbage in the old generation,
        // which Serial collects only when the heap reaches -Xmx: until then each doubled-away table
        // stays resident. One full GC now returns it to the heap (ADR 0090: 1M routes, peak RSS
        // 194 -> 160 MiB together with PrefixIndex; two or three collections of 80-260 ms per load).
        old = null;
        if (v4.length >= LARGE_TABLE_SLOTS) System.gc();
    }

    // ---- IPv6 ----

    private static int hashV6(long h, long l, int length) {
        long x = h * 0x9E3779B97F4A7C15L ^ l * 0xC2B2AE3D27D4EB4FL ^ length * 0x165667B19E3779F9L;
        return (int) (x ^ (x >>> 29) ^ (x >>> 47));
    }

    private int findV6(long h, long l, int length) {
        int s = hashV6(h, l, length) & v6Mask;
        int m;
        while ((m = v6Meta[s]) != 0) {
            if ((m & 0xff) == length && v6Hi[s] == h && v6Lo[s] == l) return s;
            s = (s + 1) & v6Mask;
        }
        return ~s;
    }

    private int putV6(long h, long l, int length, int value) {
        int meta = (length & 0xff) | value << 8;
        int s = findV6(h, l, length);
        if (s >= 0) {
            int old = v6Meta[s] >>> 8;
            v6Meta[s] = meta;
            return old;
        }
        if ((v6Size + 1) * 4L > v6Meta.length * 3L) {
            growV6();
            s = findV6(h, l, length);
        }
        s = ~s;
        v6Hi[s] = h;
        v6Lo[s] = l;
        v6Meta[s] = meta;
        v6Size++;
        return 0;
    }

    private void deleteV6(int s) {
        int gap = s;
        int i = s;
        while (true) {
            i = (i + 1) & v6Mask;
            int m = v6Meta[i];
            if (m == 0) break;
            if (!homeBetween(gap, i, hashV6(v6Hi[i], v6Lo[i], m & 0xff) & v6Mask)) {
                v6Hi[gap] = v6Hi[i];
                v6Lo[gap] = v6Lo[i];
                v6Meta[gap] = m;
                gap = i;
            }
        }
        v6Meta[gap] = 0;
        v6Size--;
    }

    private void growV6() {
        long[] oh = v6Hi, ol = v6Lo;
        int[] om = v6Meta;
        allocateV6(om.length * 2);
        for (int s = 0; s < om.length; s++) {
            if (om[s] == 0) continue;
            int n = ~findV6(oh[s], ol[s], om[s] & 0xff);
            v6Hi[n] = oh[s];
            v6Lo[n] = ol[s];
            v6Meta[n] = om[s];
        }
    }

    @Override
    public String toString() { return "PrefixMap(" + v4Size + " IPv4, " + v6Size + " IPv6)"; }

    /** For tests: the arrays' footprint in bytes. */
    long footprintBytes() {
        return 8L * v4.length + 20L * v6Meta.length;
    }
}
