package org.jbgpd.rib;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.util.Arrays;

/**
 * Gives each prefix of one family a small dense int id, with no object per prefix: an
 * open-addressing table of ids (linear probing, backward-shift deletion) over the keys by id ({@link PrefixKeys}:
 * an int per IPv4 prefix up to /29, a long per IPv6 prefix up to /61). Ids of removed prefixes are reused. Engine thread only, but for the FIB thread's
 * lookups, which {@link FamilyRib} guards with a lock that adding and removing prefixes hold (ADR 0137).
 *
 * <p>The table grows in half steps of a doubling (2^k and 1.5 x 2^k slots, {@link #nextCapacity}; the home slot is
 * the hash scaled to the table's size, not masked), so it is between half and three quarters full, not between
 * three eighths and three quarters: 1M prefixes take 1.5 x 2^20 slots (6 MiB), not 2^21 (8 MiB) (ADR 0103).
 *
 * <p>A slot holds the id in its low {@code idBits} bits and, in the bits above (sign bit clear), as many low bits of the
 * key's hash as fit (a tag; 11 bits at a million prefixes, 6 since the displacement took 5 of them). A probe compares the tag first and reads the key (a
 * cache miss at a full table: keys are indexed by id, so neighbours in the table are far apart in the key rows) only
 * when the tags agree: adding a new prefix reads the keys of about one in 2^tag-bits of the occupied slots it passes
 * instead of all of them (ADR 0114). The id field widens by a bit when the next id would not fit; the tags then
 * lose their top bit in place, without reading a key.
 *
 * <p>The slots live in pages of {@link #PAGE_SLOTS} ints (64 KiB; the last page may be shorter, a table of up to one page is
 * one short array). Growing clears the old table's full pages and reuses them as the first pages of the new one, adds
 * pages for the rest, and re-inserts every id from its key: a growth allocates only the slots it adds and leaves no old
 * table behind. Before, each growth discarded the whole table (0.75 to 4 MiB at a 1M load, ~12 MiB in all, each copied
 * into the old generation by a young collection first) (ADR 0126).
 *
 * <p>Between the id and the tag a slot holds the entry's displacement: how many slots past its home slot it sits, up
 * to {@link #DISPLACEMENT_BITS} bits (the largest value means "that many or more, read the key"). Removing an entry
 * shifts the entries after it back; which ones may move depends on their home slots, and the displacement gives them
 * without reading their keys (ADR 0121; before, each was a cache miss, 72 % of the engine's samples in a withdraw).
 * A probe compares it too: an entry whose displacement differs from the probe's distance has another home slot.
 */
final class PrefixIndex {

    private static final int EMPTY = -1;
    /** Slots per page of the table: 64 KiB. */
    static final int PAGE_SHIFT = 14;
    static final int PAGE_SLOTS = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_SLOTS - 1;
    /** Growing a table of this many slots (2 MiB) or more is preceded by a full GC (see rehash). */
    private static final int LARGE_TABLE_SLOTS = 1 << 19;

    private final boolean v4;
    private final Family family;
    // By id, in pages that are added, never copied (ADR 0063). A removed id is marked in its key (no liveness
    // array), which then links it into the free list: a full withdraw frees every id, and a separate array of free
    // ids grew to 4 MiB by doubling at 1M prefixes, ~8 MiB with its copies, at peak RSS (ADR 0109).
    private final PrefixKeys keys;
    // slot s is pages[s >>> PAGE_SHIFT][s & PAGE_MASK]: tag << tagShift | displacement << idBits | id, EMPTY when free
    private int[][] pages;
    private int slots;          // slots in all pages
    private int idBits;         // ids handed out so far are below 2^idBits
    private int idMask;         // (1 << idBits) - 1
    private int dispMax;        // the largest displacement field: "dispMax or more" (0 once ids take 31 bits: always read the key)
    private int tagShift;       // idBits + the displacement's bits
    private int tagMask;        // the bits from tagShift up, sign bit excluded (0 once ids take 26 bits or more)
    private int matchMask;      // tag and displacement: what a probe compares before it reads a key
    /** Bits of a slot for the displacement while the id leaves room (31 and 30 are 32 and 16 times the 95th percentile at 3/4 full). */
    static final int DISPLACEMENT_BITS = 5;
    private int count;
    private int highWater;      // ids below this have been handed out
    private int freeHead = NONE;  // last removed id, NONE when no id is free
    private static final int NONE = -1;

    PrefixIndex(Family family, int expected) {
        this.family = family;
        this.v4 = family == Family.IPV4_UNICAST;
        int cap = Math.max(16, expected);
        keys = new PrefixKeys(v4, cap);
        // Presized so that the expected prefixes fit at most three quarters full: no regrowing for them.
        int n = 32;
        while (n * 3L / 4 < cap) n = nextCapacity(n);
        pages = newPages(n, new int[0][]);
        slots = n;
        setIdBits(Math.max(4, 32 - Integer.numberOfLeadingZeros(cap - 1)));
    }

    private void setIdBits(int bits) {
        idBits = bits;
        idMask = bits >= 31 ? Integer.MAX_VALUE : (1 << bits) - 1;
        int dispBits = Math.min(DISPLACEMENT_BITS, 31 - bits);
        dispMax = (1 << dispBits) - 1;
        tagShift = bits + dispBits;
        tagMask = tagShift >= 31 ? 0 : Integer.MAX_VALUE & -(1 << tagShift);
        matchMask = Integer.MAX_VALUE & ~idMask;
    }

    /** The displacement field for an entry {@code d} slots past its home. */
    private int dispField(int d) {
        return (d < dispMax ? d : dispMax) << idBits;
    }

    /** Bits of a slot that hold the id (for tests): ids below 2^idBits. */
    int idBits() { return idBits; }

    /**
     * The table size after {@code c} on the ladder 32, 48, 64, 96, ...: powers of two and one and a half times them
     * (growth by 1.5 and 4/3 in turn).
     */
    static int nextCapacity(int c) {
        return Integer.bitCount(c) == 1 ? c + (c >>> 1) : Integer.highestOneBit(c) << 1;
    }

    Family family() { return family; }

    int size() { return count; }

    /** Slots of the hash table (for tests). */
    int slots() { return slots; }

    /** Pages of the hash table (for tests). */
    int pageCount() { return pages.length; }

    private int at(int s) { return pages[s >>> PAGE_SHIFT][s & PAGE_MASK]; }

    private void put(int s, int e) { pages[s >>> PAGE_SHIFT][s & PAGE_MASK] = e; }

    /** One past the highest id ever handed out: iterate ids below it and test {@link #isLive}. */
    int idLimit() { return highWater; }

    boolean isLive(int id) { return id < highWater && keys.isLive(id); }

    long hi(int id) { return keys.hi(id); }

    long lo(int id) { return keys.lo(id); }

    int length(int id) { return keys.length(id); }

    /** Prefixes whose keys need a side row (for tests). */
    int wideKeys() { return keys.wideCount(); }

    IpPrefix prefix(int id) { return new IpPrefix(new IpAddress(family, hi(id), lo(id)), length(id)); }

    /** The id of a prefix, or -1. */
    int find(long hi, long lo, int length) {
        long h = hash(hi, lo, length);
        long k = keys.shortKey(hi, lo, length);
        int tag = tag(h);
        for (int s = home(h), d = 0, n = slots; ; s = s + 1 == n ? 0 : s + 1, d++) {
            int e = at(s);
            if (e == EMPTY) return -1;
            if ((e & matchMask) == (tag | dispField(d)) && keys.holds(e & idMask, k, hi, lo, length)) return e & idMask;
        }
    }

    /** Reads the home slot of a prefix (its entry there, or -1), to warm the cache before {@link #findOrAdd}. */
    int peek(long hi, long lo, int length) {
        return at(home(hash(hi, lo, length)));
    }

    /** The id of a prefix, adding it if new. */
    int findOrAdd(long hi, long lo, int length) {
        long h = hash(hi, lo, length);
        long k = keys.shortKey(hi, lo, length);
        int tag = tag(h);
        int s = home(h);
        int d = 0;
        for (int n = slots; ; s = s + 1 == n ? 0 : s + 1, d++) {
            int e = at(s);
            if (e == EMPTY) break;
            if ((e & matchMask) == (tag | dispField(d)) && keys.holds(e & idMask, k, hi, lo, length)) return e & idMask;
        }
        int id;
        if (freeHead != NONE) {
            id = freeHead;
            freeHead = keys.nextFree(id);
        } else {
            id = highWater++;
            if (id > idMask) {
                widenIds();
                tag = tag(h);
            }
        }
        if (id >= keys.capacity()) keys.ensure(id + 1);
        keys.set(id, k, hi, lo, length);
        put(s, tag | dispField(d) | id); // after widenIds, if any: the fields are placed for the current idBits
        count++;
        if (count > slots * 3L / 4) rehash(nextCapacity(slots));
        return id;
    }

    /** Forgets a prefix; its id may be handed out again. */
    void remove(int id) {
        int n = slots;
        int s = home(hashOf(id));
        while ((at(s) & idMask) != id) s = s + 1 == n ? 0 : s + 1;
        // Backward-shift deletion keeps probe chains intact without tombstones: an entry moves back into the hole when
        // its home slot is not after the hole, i.e. when its displacement is at least its distance from the hole.
        int hole = s;
        int dispMask = dispMax << idBits;
        int dist = 1;
        for (int j = hole + 1 == n ? 0 : hole + 1; at(j) != EMPTY; j = j + 1 == n ? 0 : j + 1, dist++) {
            int e = at(j);
            int d = (e & dispMask) >>> idBits;
            if (d == dispMax) d = displacement(e & idMask, j); // "this many or more": the key tells
            if (d >= dist) {
                put(hole, (e & ~dispMask) | dispField(d - dist));
                hole = j;
                dist = 0;
            }
        }
        put(hole, EMPTY);
        keys.remove(id, freeHead);
        freeHead = id;
        count--;
    }

    /** The hash of a prefix: of address << 8 | length for IPv4, of both address halves and the length for IPv6. */
    private long hash(long hi, long lo, int length) {
        long h = (v4 ? hi << 8 | length : hi) * 0x9E3779B97F4A7C15L;
        if (!v4) h ^= (lo + length) * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return h;
    }

    /** The home slot: the hash's high 32 bits scaled to the table's size. */
    private int home(long h) {
        return (int) (((h >>> 32) * slots) >>> 32);
    }

    /** The tag: the hash's low bits (independent of the home slot), placed above the displacement. */
    private int tag(long h) {
        return tagShift >= 31 ? 0 : ((int) h << tagShift) & tagMask;
    }

    /** How many slots past its home slot the entry for {@code id} sits at slot {@code s} (reads its key). */
    private int displacement(int id, int s) {
        return cyclic(home(hashOf(id)), s, slots);
    }

    /**
     * Makes room for one more id bit: each tag keeps its low bits, now one place higher (the top one falls off), and
     * each displacement stays (or becomes "that many or more" once the displacement has fewer bits), so the table is
     * rewritten in one sequential pass and no key is read.
     */
    private void widenIds() {
        int oldIdMask = idMask, oldIdBits = idBits, oldDispMax = dispMax, oldTagShift = tagShift;
        setIdBits(idBits + 1);
        for (int[] t : pages) {
            for (int s = 0; s < t.length; s++) {
                int e = t[s];
                if (e == EMPTY) continue;
                int d = (e >>> oldIdBits) & oldDispMax;
                int tag = oldTagShift >= 31 ? 0 : e >>> oldTagShift;
                t[s] = (tagShift >= 31 ? 0 : (tag << tagShift) & tagMask) | dispField(d) | (e & oldIdMask);
            }
        }
    }

    /** Steps from slot {@code from} forward to slot {@code to} in a table of {@code n} slots. */
    private static int cyclic(int from, int to, int n) {
        int d = to - from;
        return d < 0 ? d + n : d;
    }

    private long hashOf(int id) {
        return hash(keys.hi(id), keys.lo(id), keys.length(id));
    }

    /**
     * Pages for a table of {@code n} slots, all empty: the full pages of {@code old} (cleared) first, new arrays for
     * the rest. Only a short last page of {@code old} is left for the collector.
     */
    private static int[][] newPages(int n, int[][] old) {
        int[][] p = new int[(n + PAGE_MASK) >>> PAGE_SHIFT][];
        int q = 0;
        for (int[] page : old) {
            if (page.length != PAGE_SLOTS || q == p.length || q == p.length - 1 && (n & PAGE_MASK) != 0) continue;
            Arrays.fill(page, EMPTY);
            p[q++] = page;
        }
        for (; q < p.length; q++) {
            int[] page = new int[Math.min(PAGE_SLOTS, n - (q << PAGE_SHIFT))];
            Arrays.fill(page, EMPTY);
            p[q] = page;
        }
        return p;
    }

    private void rehash(int n) {
        // Nothing is discarded any more, but growing past 2 MiB stays a point to collect what the load promoted since
        // the last full GC (UPDATEs and FIB batches in flight at each young GC, no tenuring): in an IPv6 load it is the
        // only one (the FIB's IPv6 table does not collect), and without it 1M IPv6 routes peaked at 187 instead of
        // 168 B/route (ADR 0126). From 2 MiB rather than 4 a 1M load collects at 393k, 589k and 786k prefixes: a
        // diverse table's old generation peaked at 97 MB before its one collection at 786k (ADR 0145).
        if (slots >= LARGE_TABLE_SLOTS) System.gc();
        // The keys, not the old slots, say what goes where: the old pages can be cleared and reused at once.
        pages = newPages(n, pages);
        slots = n;
        // In blocks, as Rib.resolve warms the index: the keys are read in id order (sequential), the new home slots
        // (random, nearly every one a cache miss at a full table) are first loaded in a short loop of independent
        // loads, so the misses overlap, and only then probed and written.
        int[] homes = new int[REHASH_BLOCK];
        int[] entries = new int[REHASH_BLOCK];
        int warmed = 0;
        for (int id = 0; id < highWater; ) {
            int k = 0;
            for (; k < REHASH_BLOCK && id < highWater; id++) {
                if (!isLive(id)) continue;
                long h = hashOf(id);
                homes[k] = home(h);
                entries[k++] = tag(h) | id;
            }
            for (int i = 0; i < k; i++) warmed += at(homes[i]);
            for (int i = 0; i < k; i++) {
                int s = homes[i];
                int d = 0;
                for (; at(s) != EMPTY; d++) s = s + 1 == n ? 0 : s + 1;
                put(s, entries[i] | dispField(d));
            }
        }
        this.warmed = warmed; // keeps the warming loads from being optimised away
    }

    /** Entries re-inserted per warming pass of {@link #rehash}. */
    private static final int REHASH_BLOCK = 64;
    @SuppressWarnings("unused") // read by nobody: written so that the JIT keeps the loads that fill it
    private int warmed;

    /**
     * Checks every slot's displacement field against its key (for tests) and returns how many slots hold the "that many
     * or more" value; throws when a field is wrong.
     */
    int checkDisplacements() {
        int saturated = 0;
        for (int s = 0; s < slots; s++) {
            int e = at(s);
            if (e == EMPTY) continue;
            int d = displacement(e & idMask, s);
            int field = (e >>> idBits) & dispMax;
            if (field == dispMax) {
                if (d < dispMax) throw new IllegalStateException("slot " + s + ": displacement " + d + " stored as " + dispMax + " or more");
                saturated++;
            } else if (field != d) {
                throw new IllegalStateException("slot " + s + ": displacement " + d + " stored as " + field);
            }
        }
        return saturated;
    }

    /** Bytes held by this index, for the memory report. */
    long footprintBytes() {
        return keys.footprintBytes() + slots * 4L + pages.length * 4L;
    }
}
