package org.jbgpd.netlink;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.util.Arrays;

/**
 * A hash map from prefix (family, address bits, length) to a small positive int, in primitive
 * arrays with linear probing: no object per route, and neither put nor remove allocates (except
 * when a table grows). The FIB's stale, refused and retrying sets and its own prefix ids ({@link OwnPrefixIds});
 * its wanted routes are kept by the engine's prefix id instead ({@link WantedRoutes}, ADR 0137).
 * Not thread-safe. Values are 1 to {@link #MAX_VALUE}; 0 means "absent" in
 * every answer, so callers map what they store (a next-hop set, a retry count) to such an int.
 *
 * <p>IPv4 entries are one {@code long} each (address, length and value packed, 0 = free): at a
 * million routes and a load factor of at most 3/4 that is 8 bytes per slot, where the object-valued
 * map of earlier sessions needed 24 bytes per slot plus the values (ADR 0034). A lookup touches one
 * cache line. The table grows by rehashing in half steps of a doubling (capacities 2^k and 1.5 x 2^k,
 * {@link #nextCapacity}; the home slot is the hash scaled to the capacity, not masked), so it is
 * between half and three quarters full: 1M routes take 1.5 x 2^20 slots (12 MiB) (ADR 0103). The
 * slots live in pages of {@link #V4_PAGE_SLOTS} (128 KiB; the last page is shorter), and growing
 * re-inserts the old pages in order, clearing each page once it is read and reusing it as a page of
 * the new table (ADR 0116): a growth allocates only the slots it adds, never discards a table into
 * the old generation (a 1M load discarded 4 + 6 + 8 MiB and smaller copies before, ADR 0090), and
 * never holds an old and a new copy at once. A growth past 4 MiB is still followed by a full GC, for
 * what the load promoted meanwhile ({@link #LARGE_TABLE_SLOTS}).
 *
 * <p>IPv6 entries keep two longs of address and an int of length and value (20 bytes per slot; 12
 * in a page where every prefix ends within the first 64 bits: no array of low halves). They are laid out and grow
 * as the IPv4 entries do (ADR 0133): pages of {@link #V6_PAGE_SLOTS} slots in three parallel arrays, capacities
 * on the ladder 2^k, 1.5 x 2^k, a scaled home slot, and a growth that re-inserts page by page into the cleared old
 * pages. So a growing table leaves no copy of itself behind (nor did the segments of ADR 0094), and 1M IPv6 routes
 * take 1.5 x 2^20 slots (18 MiB of /48s), not 2^21 (24 MiB: segments split only by doubling). Up to one page
 * the table is a single short set of arrays, so small maps stay small.
 *
 * <p>Iterate with slots: {@code for (int s = 0; s < map.capacity(); s++) if (map.used(s)) ...};
 * slots below {@link #v4Capacity()} are IPv4, the rest IPv6. A slot number is valid until the next
 * put or remove.
 */
final class PrefixMap {
    /** The largest value the map holds (24 bits, so that an IPv4 entry fits one long). */
    static final int MAX_VALUE = (1 << 24) - 1;
    private static final int MIN_CAPACITY = 16;
    /** IPv6 slots per page: 192 KiB (128 of address high halves, 64 of length and value). */
    static final int V6_PAGE_SHIFT = 14;
    static final int V6_PAGE_SLOTS = 1 << V6_PAGE_SHIFT;
    private static final int V6_PAGE_MASK = V6_PAGE_SLOTS - 1;

    /** IPv4 slots per page: 128 KiB. */
    static final int V4_PAGE_SHIFT = 14;
    static final int V4_PAGE_SLOTS = 1 << V4_PAGE_SHIFT;
    private static final int V4_PAGE_MASK = V4_PAGE_SLOTS - 1;
    private static final long V4_KEY = 0xff_ffff_ffffL;

    /**
     * Growing past this many IPv4 slots (4 MiB) is followed by a full GC: at about 390k, 590k and 790k routes. The
     * growth itself leaves nothing to collect (see growV4), but these are the points where a load has promoted the
     * most UPDATEs and FIB batches into the old generation (no tenuring, ADR 0087) since the last collection: without
     * them a 1M uniform load ended with a 3-4 MB larger old generation (ADR 0116), a diverse one far more (ADR 0103).
     */
    private static final int LARGE_TABLE_SLOTS = 1 << 19;

    // IPv4: bits 0-31 address, 32-39 prefix length, 40-63 value (never 0 in a used slot). Slot s is
    // v4Pages[s >>> V4_PAGE_SHIFT][s & V4_PAGE_MASK]; every page has V4_PAGE_SLOTS slots but the last, which has
    // the rest of v4Capacity (a table of up to one page is one short array).
    private long[][] v4Pages;
    private int v4Capacity;
    private int v4Size;
    // IPv6, per page: address halves, and length (bits 0-7) | value << 8 (0 = free). Slot s is page s >>> V6_PAGE_SHIFT,
    // index s & V6_PAGE_MASK, as for IPv4. A page's array of low halves exists only once one of its prefixes has a
    // nonzero low half (longer than /64): a table of /48s or /64s (the Internet's IPv6 routes) is 12 bytes per slot.
    private long[][] v6Hi;
    private long[][] v6Lo;
    private int[][] v6Meta;
    private int v6Capacity;
    private int v6Size;

    PrefixMap() {
        clear();
    }

    int size() { return v4Size + v6Size; }

    int capacity() { return v4Capacity() + v6Capacity(); }

    int v4Capacity() { return v4Capacity; }

    private int v6Capacity() { return v6Capacity; }

    boolean used(int slot) {
        int v4c = v4Capacity();
        return slot < v4c ? v4At(slot) != 0 : v6MetaAt(slot - v4c) != 0;
    }

    Family family(int slot) { return slot < v4Capacity() ? Family.IPV4_UNICAST : Family.IPV6_UNICAST; }

    long hi(int slot) {
        int v4c = v4Capacity();
        if (slot < v4c) return v4At(slot) & 0xffff_ffffL;
        slot -= v4c;
        return v6Hi[slot >>> V6_PAGE_SHIFT][slot & V6_PAGE_MASK];
    }

    long lo(int slot) {
        int v4c = v4Capacity();
        if (slot < v4c) return 0;
        slot -= v4c;
        long[] los = v6Lo[slot >>> V6_PAGE_SHIFT];
        return los == null ? 0 : los[slot & V6_PAGE_MASK];
    }

    int length(int slot) {
        int v4c = v4Capacity();
        return slot < v4c ? (int) (v4At(slot) >>> 32) & 0xff : v6MetaAt(slot - v4c) & 0xff;
    }

    int value(int slot) {
        int v4c = v4Capacity();
        return slot < v4c ? (int) (v4At(slot) >>> 40) : v6MetaAt(slot - v4c) >>> 8;
    }

    private long v4At(int slot) { return v4Pages[slot >>> V4_PAGE_SHIFT][slot & V4_PAGE_MASK]; }

    private void setV4(int slot, long entry) { v4Pages[slot >>> V4_PAGE_SHIFT][slot & V4_PAGE_MASK] = entry; }

    private int v6MetaAt(int slot) { return v6Meta[slot >>> V6_PAGE_SHIFT][slot & V6_PAGE_MASK]; }

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
        return s < 0 ? -1 : v4Capacity() + s;
    }

    /**
     * Reads the home slot of an IPv4 prefix and nothing else, so that a later {@link #put} or {@link #remove} of it
     * finds its cache line loaded: a caller that touches a run of prefixes first has their cache misses under way
     * at once, where a loop of puts takes them one after another (each put's probe waits for its own miss). The
     * answer means nothing; callers fold it into a value they keep so the loads are not optimised away. IPv6: 0.
     */
    long touch(Family f, long h, int length) {
        if (f != Family.IPV4_UNICAST) return 0;
        int s = homeV4(v4Key(h, length), v4Capacity);
        return v4Pages[s >>> V4_PAGE_SHIFT][s & V4_PAGE_MASK];
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
            int old = (int) (v4At(s) >>> 40);
            deleteV4(s);
            return old;
        }
        if (v6Size == 0) return 0;
        int s = findV6(h, l, length);
        if (s < 0) return 0;
        int old = v6MetaAt(s) >>> 8;
        deleteV6(s);
        return old;
    }

    int remove(IpPrefix p) {
        return remove(p.family(), p.address().hi(), p.address().lo(), p.length());
    }

    /** Empties the map and gives its memory back (a full table's stale set is 16 MiB). */
    void clear() {
        v4Pages = new long[][] {new long[MIN_CAPACITY]};
        v4Capacity = MIN_CAPACITY;
        v4Size = 0;
        v6Hi = new long[][] {new long[MIN_CAPACITY]};
        v6Lo = new long[][] {null};
        v6Meta = new int[][] {new int[MIN_CAPACITY]};
        v6Capacity = MIN_CAPACITY;
        v6Size = 0;
    }

    /**
     * The rule of backward-shift deletion, for both families: the entry at slot {@code i} stays where it is if its
     * home slot lies cyclically in (gap, i], else it moves into the gap. The IPv4 and IPv6 loops around it (find,
     * delete, grow) stay twins on purpose: one packed long per IPv4 entry against three parallel arrays for IPv6, and
     * a shared loop over an accessor would cost a call per probe on the FIB's hottest path. Change both together.
     */
    private static boolean homeBetween(int gap, int i, int home) {
        return gap <= i ? (home > gap && home <= i) : (home > gap || home <= i);
    }

    // ---- IPv4 ----

    private static long v4Key(long h, int length) {
        return (h & 0xffff_ffffL) | (long) (length & 0xff) << 32;
    }

    /**
     * The capacity after {@code c} on the ladder 16, 24, 32, 48, 64, ...: powers of two and one and a half times
     * them (growth by 1.5 and 4/3 in turn). Any capacity works because the home slot is scaled, not masked.
     */
    static int nextCapacity(int c) {
        return Integer.bitCount(c) == 1 ? c + (c >>> 1) : Integer.highestOneBit(c) << 1;
    }

    /** The home slot of {@code key} in a table of {@code capacity} slots: the high 32 bits of a mixed hash, scaled. */
    private static int homeV4(long key, int capacity) {
        long x = key * 0x9E3779B97F4A7C15L;
        x ^= x >>> 31;
        x *= 0xBF58476D1CE4E5B9L;
        return (int) (((x >>> 32) * capacity) >>> 32);
    }

    /** The slot holding {@code key}, or ~(the free slot where it would go). */
    private int findV4(long key) {
        int s = homeV4(key, v4Capacity);
        long[] page = v4Pages[s >>> V4_PAGE_SHIFT];
        int base = s & ~V4_PAGE_MASK;
        int i = s - base;
        while (true) {
            long e = page[i];
            if (e == 0) return ~(base + i);
            if ((e & V4_KEY) == key) return base + i;
            if (++i == page.length) { // on to the next page; the last one ends the table
                base += page.length;
                if (base == v4Capacity) base = 0;
                page = v4Pages[base >>> V4_PAGE_SHIFT];
                i = 0;
            }
        }
    }

    private int putV4(long key, int value) {
        long entry = key | (long) value << 40;
        int s = findV4(key);
        if (s >= 0) {
            int old = (int) (v4At(s) >>> 40);
            setV4(s, entry);
            return old;
        }
        if ((v4Size + 1) * 4L > v4Capacity * 3L) {
            growV4();
            s = findV4(key);
        }
        setV4(~s, entry);
        v4Size++;
        return 0;
    }

    /** Backward-shift deletion: keeps probe chains intact without tombstones. */
    private void deleteV4(int s) {
        int n = v4Capacity;
        long[][] pages = v4Pages;
        long[] page = pages[s >>> V4_PAGE_SHIFT];
        int at = s & V4_PAGE_MASK;
        long[] gapPage = page;
        int gapAt = at;
        int gap = s;
        int i = s;
        while (true) {
            if (++i == n) { // the last page ends here too
                i = 0;
                at = 0;
                page = pages[0];
            } else if (++at == page.length) {
                at = 0;
                page = pages[i >>> V4_PAGE_SHIFT];
            }
            long e = page[at];
            if (e == 0) break;
            if (!homeBetween(gap, i, homeV4(e & V4_KEY, n))) {
                gapPage[gapAt] = e;
                gap = i;
                gapPage = page;
                gapAt = at;
            }
        }
        gapPage[gapAt] = 0;
        v4Size--;
    }

    /**
     * Re-inserts every entry into a table of the next capacity, page by page in slot order. A full page of the old
     * table, once read, is cleared and kept for reuse; the new table takes a page only when an entry lands in it, a
     * kept one if there is one. Reading runs behind writing (an entry of old slot s goes near slot s x 1.5 or x 4/3),
     * so the new pages are the old ones plus about as many as the growth adds: at most a page or two of the old table
     * (and its short last page) are left as garbage, where the whole old table was before (ADR 0116).
     */
    private void growV4() {
        long[][] from = v4Pages;
        int capacity = nextCapacity(v4Capacity);
        long[][] to = new long[(capacity + V4_PAGE_MASK) >>> V4_PAGE_SHIFT][];
        long[][] kept = new long[from.length][];
        int keptCount = 0;
        for (int p = 0; p < from.length; p++) {
            long[] page = from[p];
            from[p] = null;
            for (long e : page) {
                if (e == 0) continue;
                int s = homeV4(e & V4_KEY, capacity);
                while (true) {
                    int q = s >>> V4_PAGE_SHIFT;
                    long[] t = to[q];
                    if (t == null) {
                        int length = Math.min(V4_PAGE_SLOTS, capacity - (q << V4_PAGE_SHIFT));
                        t = to[q] = keptCount > 0 && length == V4_PAGE_SLOTS ? kept[--keptCount] : new long[length];
                    }
                    int i = s & V4_PAGE_MASK;
                    if (t[i] == 0) {
                        t[i] = e;
                        break;
                    }
                    if (++s == capacity) s = 0;
                }
            }
            if (page.length == V4_PAGE_SLOTS) {
                Arrays.fill(page, 0L);
                kept[keptCount++] = page;
            }
        }
        for (int q = 0; q < to.length; q++) {
            if (to[q] != null) continue;
            int length = Math.min(V4_PAGE_SLOTS, capacity - (q << V4_PAGE_SHIFT));
            to[q] = keptCount > 0 && length == V4_PAGE_SLOTS ? kept[--keptCount] : new long[length];
        }
        v4Pages = to;
        v4Capacity = capacity;
        if (capacity > LARGE_TABLE_SLOTS) System.gc();
    }

    // ---- IPv6 ----

    /** The home slot of an IPv6 prefix in a table of {@code capacity} slots: the high 32 bits of a mixed hash, scaled. */
    private static int homeV6(long h, long l, int length, int capacity) {
        long x = h * 0x9E3779B97F4A7C15L ^ l * 0xC2B2AE3D27D4EB4FL ^ length * 0x165667B19E3779F9L;
        x ^= x >>> 31;
        x *= 0xBF58476D1CE4E5B9L;
        return (int) (((x >>> 32) * capacity) >>> 32);
    }

    /** The slot holding the prefix, or ~(the free slot where it would go). */
    private int findV6(long h, long l, int length) {
        int s = homeV6(h, l, length, v6Capacity);
        int p = s >>> V6_PAGE_SHIFT;
        int[] meta = v6Meta[p];
        long[] his = v6Hi[p], los = v6Lo[p];
        int base = p << V6_PAGE_SHIFT;
        int i = s - base;
        while (true) {
            int m = meta[i];
            if (m == 0) return ~(base + i);
            if ((m & 0xff) == length && his[i] == h && (los == null ? l == 0 : los[i] == l)) return base + i;
            if (++i == meta.length) { // on to the next page; the last one ends the table
                base += meta.length;
                if (base == v6Capacity) base = 0;
                p = base >>> V6_PAGE_SHIFT;
                meta = v6Meta[p];
                his = v6Hi[p];
                los = v6Lo[p];
                i = 0;
            }
        }
    }

    private int putV6(long h, long l, int length, int value) {
        int meta = (length & 0xff) | value << 8;
        int s = findV6(h, l, length);
        if (s >= 0) {
            int[] m = v6Meta[s >>> V6_PAGE_SHIFT];
            int old = m[s & V6_PAGE_MASK] >>> 8;
            m[s & V6_PAGE_MASK] = meta;
            return old;
        }
        if ((v6Size + 1) * 4L > v6Capacity * 3L) {
            growV6();
            s = findV6(h, l, length);
        }
        setV6(~s, h, l, meta);
        v6Size++;
        return 0;
    }

    /** Writes an entry into slot {@code slot}, giving its page an array of low halves if the entry needs one. */
    private void setV6(int slot, long h, long l, int meta) {
        int p = slot >>> V6_PAGE_SHIFT, i = slot & V6_PAGE_MASK;
        v6Hi[p][i] = h;
        long[] los = v6Lo[p];
        if (los == null && l != 0) v6Lo[p] = los = new long[v6Meta[p].length];
        if (los != null) los[i] = l; // also over a low half an earlier entry of this slot left
        v6Meta[p][i] = meta;
    }

    /** Backward-shift deletion, as {@link #deleteV4}. */
    private void deleteV6(int s) {
        int n = v6Capacity;
        int gap = s;
        int i = s;
        while (true) {
            if (++i == n) i = 0;
            int p = i >>> V6_PAGE_SHIFT, at = i & V6_PAGE_MASK;
            int m = v6Meta[p][at];
            if (m == 0) break;
            long h = v6Hi[p][at];
            long[] los = v6Lo[p];
            long l = los == null ? 0 : los[at];
            if (!homeBetween(gap, i, homeV6(h, l, m & 0xff, n))) {
                setV6(gap, h, l, m);
                gap = i;
            }
        }
        v6Meta[gap >>> V6_PAGE_SHIFT][gap & V6_PAGE_MASK] = 0;
        v6Size--;
    }

    /**
     * {@link #growV4} for the three IPv6 arrays: every entry re-inserted, page by page in slot order, into a table of
     * the next capacity whose full pages are the old ones once read and cleared. Arrays of low halves are not reused:
     * a new page gets one when an entry that needs it lands there (prefixes longer than /64 are rare).
     */
    private void growV6() {
        long[][] fromHi = v6Hi, fromLo = v6Lo;
        int[][] fromMeta = v6Meta;
        int capacity = nextCapacity(v6Capacity);
        int pages = (capacity + V6_PAGE_MASK) >>> V6_PAGE_SHIFT;
        long[][] toHi = new long[pages][], toLo = new long[pages][];
        int[][] toMeta = new int[pages][];
        long[][] keptHi = new long[fromMeta.length][];
        int[][] keptMeta = new int[fromMeta.length][];
        int kept = 0;
        for (int p = 0; p < fromMeta.length; p++) {
            long[] ph = fromHi[p], pl = fromLo[p];
            int[] pm = fromMeta[p];
            fromHi[p] = null;
            fromLo[p] = null;
            fromMeta[p] = null;
            for (int i = 0; i < pm.length; i++) {
                int m = pm[i];
                if (m == 0) continue;
                long h = ph[i], l = pl == null ? 0 : pl[i];
                int s = homeV6(h, l, m & 0xff, capacity);
                while (true) {
                    int q = s >>> V6_PAGE_SHIFT;
                    int[] tm = toMeta[q];
                    if (tm == null) {
                        kept = givePageV6(q, capacity, toHi, toMeta, keptHi, keptMeta, kept);
                        tm = toMeta[q];
                    }
                    int at = s & V6_PAGE_MASK;
                    if (tm[at] == 0) {
                        tm[at] = m;
                        toHi[q][at] = h;
                        if (l != 0) { // a fresh array of low halves is all zeros, and each slot is written once here
                            if (toLo[q] == null) toLo[q] = new long[tm.length];
                            toLo[q][at] = l;
                        }
                        break;
                    }
                    if (++s == capacity) s = 0;
                }
            }
            if (pm.length == V6_PAGE_SLOTS) { // its high halves stay as they are: a slot is free by its meta alone
                Arrays.fill(pm, 0);
                keptHi[kept] = ph;
                keptMeta[kept++] = pm;
            }
        }
        for (int q = 0; q < pages; q++) {
            if (toMeta[q] == null) kept = givePageV6(q, capacity, toHi, toMeta, keptHi, keptMeta, kept);
        }
        v6Hi = toHi;
        v6Lo = toLo;
        v6Meta = toMeta;
        v6Capacity = capacity;
    }

    /**
     * Gives page {@code q} of a growing IPv6 table its high halves and meta: the last of the {@code kept} cleared old
     * pages when the page is full-length, new arrays otherwise (the table's last, shorter page). Returns how many
     * kept pages are left.
     */
    private static int givePageV6(int q, int capacity, long[][] toHi, int[][] toMeta, long[][] keptHi, int[][] keptMeta, int kept) {
        int length = Math.min(V6_PAGE_SLOTS, capacity - (q << V6_PAGE_SHIFT));
        if (kept > 0 && length == V6_PAGE_SLOTS) {
            kept--;
            toMeta[q] = keptMeta[kept];
            toHi[q] = keptHi[kept];
        } else {
            toMeta[q] = new int[length];
            toHi[q] = new long[length];
        }
        return kept;
    }

    @Override
    public String toString() { return "PrefixMap(" + v4Size + " IPv4, " + v6Size + " IPv6)"; }

    /** For tests and the memory report: the arrays' footprint in bytes. */
    long footprintBytes() {
        long b = 8L * v4Capacity() + 12L * v6Capacity();
        for (long[] los : v6Lo) if (los != null) b += 8L * los.length;
        return b;
    }
}
