package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.PrefixIds;
import org.jbgpd.wire.Family;

/**
 * The routes the engine wants in the kernel: per family, the id of each prefix's next-hop set in {@link NextHopSetIds}
 * (0: not wanted), in a column indexed by the engine's prefix id (ADR 0137). The prefixes themselves stay in the
 * engine's index ({@link PrefixIds}), which the FIB reads only when it starts from a prefix (a kernel dump, a refused
 * route) or needs one back (a rewrite, a scan). A second table keyed by prefix took 12 bytes per slot of 1.5 slots
 * per IPv4 route (12 MiB at a million) and a cache miss per route applied; the column takes 4 bytes per id, and a
 * load's ids come in arrival order, so a batch writes it nearly in sequence.
 *
 * <p>A page holds 16-bit values (a gateway has a few next-hop sets, a full table from one peer one) and is widened to
 * 32 bits the first time a value does not fit: 2 bytes per id, 2 MB less at a million routes (ADR 0142).
 *
 * <p>Slots, for iteration: {@code for (int s = 0; s < w.capacity(); s++) if (w.used(s)) ...}; slot {@code s} is id
 * {@code s >>> 1} of IPv4 ({@code s & 1 == 0}) or IPv6. A slot keeps its meaning while the table grows. Fib-sync
 * thread only.
 */
final class WantedRoutes {

    private static final Family[] FAMILIES = {Family.IPV4_UNICAST, Family.IPV6_UNICAST};
    /** Ids per page of a column: 64 KiB. */
    private static final int PAGE_SHIFT = 14;
    private static final int PAGE_MASK = (1 << PAGE_SHIFT) - 1;

    private PrefixIds ids;
    /** Non-null while batches carry no ids: the FIB gives out its own. */
    private OwnPrefixIds own = new OwnPrefixIds();
    private final char[][][] pages = {new char[0][], new char[0][]};
    /** Per family, the pages that hold a value above 65535, as ints; null where the page is narrow. */
    private final int[][][] widePages = {new int[0][], new int[0][]};
    /** Per family, one past the highest id ever set. */
    private final int[] limit = new int[2];

    WantedRoutes() {
        this.ids = own;
    }

    /** From now on entries carry the engine's ids; called before the first batch. */
    void useEngineIds(PrefixIds engineIds) {
        if (limit[0] != 0 || limit[1] != 0) throw new IllegalStateException("the engine's ids come before any route");
        this.ids = engineIds;
        this.own = null;
    }

    /** One past the highest slot that may be used. */
    int capacity() { return Math.max(limit[0] << 1, limit[1] << 1 | 1); }

    boolean used(int slot) { return value(slot) != 0; }

    /** The next-hop set id of slot {@code slot}, 0 if not wanted. */
    int value(int slot) { return get(slot & 1, slot >>> 1); }

    Family family(int slot) { return FAMILIES[slot & 1]; }

    long hi(int slot) { return ids.hi(FAMILIES[slot & 1], slot >>> 1); }

    long lo(int slot) { return ids.lo(FAMILIES[slot & 1], slot >>> 1); }

    int length(int slot) { return ids.length(FAMILIES[slot & 1], slot >>> 1); }

    /** The slot of a wanted prefix, or -1 if it is not wanted. */
    int slotOf(Family f, long hi, long lo, int length) {
        int id = ids.find(f, hi, lo, length);
        if (id < 0) return -1;
        int k = index(f);
        return get(k, id) == 0 ? -1 : id << 1 | k;
    }

    /** The next-hop set id a prefix is wanted with, 0 if none. */
    int get(Family f, long hi, long lo, int length) {
        int id = ids.find(f, hi, lo, length);
        return id < 0 ? 0 : get(index(f), id);
    }

    boolean contains(Family f, long hi, long lo, int length) { return get(f, hi, lo, length) != 0; }

    /** Entry {@code i} of {@code batch} is wanted with set {@code value} (positive); returns the set it had, 0 if none. */
    int put(FibBatch batch, int i, int value) {
        Family f = batch.family(i);
        // On its own ids the FIB ignores any id a batch carries: they are another table's (a listener that did not
        // hand the engine's ids over), and mixing them would look kernel routes up under the wrong ids.
        int id = own == null ? batch.id(i) : own.findOrAdd(f, batch.addressHi(i), batch.addressLo(i), batch.length(i));
        if (id < 0) throw missingId(batch, i);
        return set(index(f), id, value);
    }

    /** Entry {@code i} of {@code batch} is no longer wanted; returns the set it had, 0 if none. */
    int remove(FibBatch batch, int i) {
        Family f = batch.family(i);
        if (own == null) {
            int id = batch.id(i);
            if (id < 0) throw missingId(batch, i);
            return set(index(f), id, 0);
        }
        int id = own.find(f, batch.addressHi(i), batch.addressLo(i), batch.length(i));
        if (id < 0) return 0;
        int was = set(index(f), id, 0);
        own.remove(f, id); // the FIB's own ids: nobody else names this one
        return was;
    }

    private static IllegalStateException missingId(FibBatch batch, int i) {
        return new IllegalStateException("batch " + batch.sequence() + " entry " + batch.prefix(i) + " carries no prefix id");
    }

    private static int index(Family f) { return f == Family.IPV4_UNICAST ? 0 : 1; }

    private int get(int k, int id) {
        char[][] p = pages[k];
        int page = id >>> PAGE_SHIFT;
        if (page >= p.length || p[page] == null) return 0;
        int[][] w = widePages[k];
        return page < w.length && w[page] != null ? w[page][id & PAGE_MASK] : p[page][id & PAGE_MASK];
    }

    private int set(int k, int id, int value) {
        int page = id >>> PAGE_SHIFT;
        char[][] p = pages[k];
        if (page >= p.length) {
            if (value == 0) return 0;
            p = pages[k] = java.util.Arrays.copyOf(p, Math.max(page + 1, p.length * 2));
        }
        if (p[page] == null) {
            if (value == 0) return 0;
            p[page] = new char[1 << PAGE_SHIFT];
        }
        int[][] w = widePages[k];
        int[] wide = page < w.length ? w[page] : null;
        if (wide == null && value > Character.MAX_VALUE) wide = widen(k, page);
        int was;
        if (wide != null) {
            was = wide[id & PAGE_MASK];
            wide[id & PAGE_MASK] = value;
        } else {
            was = p[page][id & PAGE_MASK];
            p[page][id & PAGE_MASK] = (char) value;
        }
        if (value != 0 && id >= limit[k]) limit[k] = id + 1;
        return was;
    }

    /** Copies a narrow page into an int page, which holds its values from now on (the narrow one only marks it present). */
    private int[] widen(int k, int page) {
        int[][] w = widePages[k];
        if (page >= w.length) w = widePages[k] = java.util.Arrays.copyOf(w, Math.max(page + 1, pages[k].length));
        char[] narrow = pages[k][page];
        int[] wide = new int[narrow.length];
        for (int i = 0; i < narrow.length; i++) wide[i] = narrow[i];
        return w[page] = wide;
    }

    /** Bytes held by the columns (for tests). */
    long footprintBytes() {
        long b = 0;
        for (char[][] p : pages) {
            b += 16L + 4L * p.length;
            for (char[] page : p) if (page != null) b += 16L + 2L * page.length;
        }
        for (int[][] w : widePages) {
            b += 16L + 4L * w.length;
            for (int[] page : w) if (page != null) b += 16L + 4L * page.length;
        }
        return b;
    }
}
