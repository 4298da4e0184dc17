package org.jbgpd.rib;

import org.jbgpd.wire.Family;

import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;

/**
 * The Loc-RIB of one family and the Adj-RIBs-In that feed it: the prefix index, every path (a
 * prefix's first path in its lead row, ADR 0144), and per prefix its installed next-hop set; once some peer may be sent learned routes,
 * also its best path (attribute id and peer slot, kept so that exports can tell what changed after
 * the old best path is gone). Prefixes touched since the last flush are remembered once each (a bit
 * and a list) so that ten changes to one prefix cost one decision and at most one FIB operation.
 */
final class FamilyRib {

    static final int NONE = -1;

    final Family family;
    final PrefixIndex prefixes;
    final PathStore paths;
    // Per prefix id, in pages (ADR 0063): the installed next-hop set. The head of the path chain is no field: a prefix's
    // first path is its lead row in the path store (ADR 0144).
    private static final int INSTALLED = 0;
    private final IntRows rows;
    /**
     * Per prefix id, the best path's attribute id and peer slot: null until {@link #keepBest}. Only exports read them
     * (what a peer was sent follows from the old best path, ADR 0062), and a gateway whose peers are all eBGP without an
     * export policy, or all iBGP sending iBGP-learned routes, exports no learned route: 8 bytes per prefix, 8 MB at a
     * full table, kept for nothing (ADR 0141).
     */
    private IntRows best;
    private static final int BEST_ATTR = 0;
    private static final int BEST_PEER = 1;
    // Dirty prefixes: a bit per id, and the ids in the order first touched, up to DIRTY_LIST_LIMIT of them. Past that
    // (a peer going down dirties its whole table at once) the list is dropped and the bits alone are the dirty set,
    // taken in id order in runs of at most the limit: a list of every id was 4 MiB at a 1M withdraw, allocated then
    // and promoted into the old generation at the peak of RSS (ADR 0109, ADR 0122).
    static final int DIRTY_LIST_LIMIT = 1 << 16;
    private long[] dirtyBits;
    private int[] dirty = new int[1024];
    private int[] spareDirty = new int[1024];
    private int listed;            // ids in dirty[0, listed) while the list holds every dirty id
    private boolean overflowed;    // more were dirty than the list holds: dirtyBits alone hold the set
    private int dirtyCount;        // dirty ids, listed or not
    private int[] taken;           // what the last takeDirty handed out
    private long bestCount;
    /**
     * The FIB thread reads the prefix index (PrefixIds, ADR 0137). Adding and freeing prefixes, which may grow or rewrite
     * the index's arrays, hold the write side; the engine's own reads need no lock (it is the only writer).
     */
    private final StampedLock indexLock = new StampedLock();
    /**
     * A prefix left without paths is retired, not removed (ADR 0137): it keeps its id and key, with an empty row
     * (no path; INSTALLED {@link #RETIRED} | the low 31 bits of the sequence of the last FIB batch submitted then:
     * installed set ids are never negative), until the FIB has acknowledged that batch, which holds its withdraw if it
     * had a route. Only then may the id name another prefix, so every id the FIB holds a route for names the same
     * prefix here. A prefix announced again meanwhile gets its id back.
     */
    private static final int RETIRED = Integer.MIN_VALUE;
    private static final int TAG_BITS = 0x7fff_ffff;
    private int retired;
    private long lastRetireTag;
    /** Retired ids at which a sweep runs even though the FIB has not caught up with every retire (steady churn). */
    private int forcedSweepAt = FORCED_SWEEP_MIN;
    private static final int FORCED_SWEEP_MIN = 1 << 16;

    FamilyRib(Family family, int expectedPrefixes) {
        this.family = family;
        this.prefixes = new PrefixIndex(family, expectedPrefixes);
        this.paths = new PathStore(expectedPrefixes);
        this.rows = new IntRows(1, Math.max(16, expectedPrefixes));
        dirtyBits = new long[(rows.capacity() + 63) >>> 6];
    }

    /** Takes the index's write side for {@link #prefixId} calls: the FIB thread may be reading it. */
    long lockForAdds() { return indexLock.writeLock(); }

    void unlockAdds(long stamp) { indexLock.unlockWrite(stamp); }

    /** The id of a prefix, creating an empty entry if new; with {@link #lockForAdds} held. */
    int prefixId(long hi, long lo, int length) {
        int before = prefixes.idLimit();
        int id = prefixes.findOrAdd(hi, lo, length);
        if (id >= rows.capacity()) grow(id + 1);
        // A new id's rows are zero (no path, set NONE); a freed one's were cleared when it was freed (fibApplied).
        if (id >= before || isRetired(id)) {
            if (id < before) retired--;
            rows.set(id, INSTALLED, NextHopSetPool.NONE);
            if (best != null) {
                best.set(id, BEST_ATTR, NONE);
                best.set(id, BEST_PEER, 0);
            }
        }
        return id;
    }

    /** The FIB's view of this family's index: a lookup and a key read under the index's read side. */
    int findLocked(long hi, long lo, int length) {
        long stamp = indexLock.readLock();
        try {
            return prefixes.find(hi, lo, length);
        } finally {
            indexLock.unlockRead(stamp);
        }
    }

    long hiLocked(int id) {
        long stamp = indexLock.readLock();
        try {
            return prefixes.hi(id);
        } finally {
            indexLock.unlockRead(stamp);
        }
    }

    long loLocked(int id) {
        long stamp = indexLock.readLock();
        try {
            return prefixes.lo(id);
        } finally {
            indexLock.unlockRead(stamp);
        }
    }

    int lengthLocked(int id) {
        long stamp = indexLock.readLock();
        try {
            return prefixes.length(id);
        } finally {
            indexLock.unlockRead(stamp);
        }
    }

    /** The newest path of prefix {@code id}, or {@link PathStore#NIL}. */
    int head(int id) { return paths.head(id); }
    int installed(int id) { return rows.get(id, INSTALLED); }
    void setInstalled(int id, int set) { rows.set(id, INSTALLED, set); }
    /** True when the prefix has a best path: exactly when a next-hop set is installed for it (both come from it). */
    boolean hasBest(int id) { return rows.get(id, INSTALLED) > NextHopSetPool.NONE; }

    /** True once the best path's columns are kept ({@link #keepBest}). */
    boolean keepsBest() { return best != null; }

    /** Starts keeping the best path's columns, all {@link #NONE}; the caller fills in the live prefixes' best paths. */
    void keepBest() {
        if (best == null) {
            best = new IntRows(2, rows.capacity());
            for (int id = 0, limit = rows.capacity(); id < limit; id++) best.set(id, BEST_ATTR, NONE);
        }
    }

    /** The best path's attribute id, {@link #NONE} without one or while the columns are not kept. */
    int bestAttr(int id) { return best == null ? NONE : best.get(id, BEST_ATTR); }
    int bestPeer(int id) { return best == null ? 0 : best.get(id, BEST_PEER); }
    void setBest(int id, int attr, int peer) {
        best.set(id, BEST_ATTR, attr);
        best.set(id, BEST_PEER, peer);
    }

    /**
     * Retires an empty, uninstalled prefix: its id is freed once the FIB has acknowledged batch {@code lastSubmitted}
     * (the last one submitted, or the one being built, which holds the prefix's withdraw if it had a route).
     */
    void retire(int id, long lastSubmitted) {
        rows.set(id, INSTALLED, RETIRED | (int) lastSubmitted & TAG_BITS);
        retired++;
        lastRetireTag = lastSubmitted;
    }

    boolean isRetired(int id) { return rows.get(id, INSTALLED) < 0; }

    /** Prefixes with an id that are not retired. */
    int prefixCount() { return prefixes.size() - retired; }

    /** Retired ids not yet freed (for tests). */
    int retiredCount() { return retired; }

    /**
     * The FIB has acknowledged every batch up to {@code applied}: frees the retired ids it covers, in one pass over the
     * rows once it has caught up with every retire (after a withdraw of a whole table, one pass frees them all), or
     * when too many wait under steady churn. Fewer than 1/64 of the ids wait for more (a retired id costs its key,
     * row and slot, and is found again if its prefix comes back).
     */
    void fibApplied(long applied) {
        // A sweep reads every row: it waits until the retired ids are at least 1/64 of them, so that each retire costs
        // at most ~64 row reads (a few withdraws in a full table wait for more, rather than walking a million rows at
        // every acknowledgement), and until the FIB has caught up with every retire, unless too many wait.
        if (retired == 0 || retired < Math.max(1, prefixes.idLimit() >>> 6)) return;
        boolean all = applied - lastRetireTag >= 0;
        if (!all && retired < forcedSweepAt) return;
        long stamp = indexLock.writeLock();
        try {
            for (int id = 0, limit = prefixes.idLimit(); id < limit && retired > 0; id++) {
                int installed = rows.get(id, INSTALLED);
                // Not retired, or retired by a batch after the acknowledged one (31-bit sequence arithmetic).
                if (installed >= 0 || ((int) applied - (installed & TAG_BITS)) << 1 < 0) continue;
                // Left as a new id's rows are, so that handing it out again needs no work: no path (it had none), set
                // NONE, no best path.
                rows.set(id, INSTALLED, NextHopSetPool.NONE);
                if (best != null) {
                    best.set(id, BEST_ATTR, NONE);
                    best.set(id, BEST_PEER, 0);
                }
                prefixes.remove(id);
                retired--;
            }
        } finally {
            indexLock.unlockWrite(stamp);
        }
        forcedSweepAt = Math.max(FORCED_SWEEP_MIN, 2 * retired);
    }

    void markDirty(int id) {
        long bit = 1L << id;
        int w = id >>> 6;
        if ((dirtyBits[w] & bit) != 0) return;
        dirtyBits[w] |= bit;
        dirtyCount++;
        if (overflowed) return;
        if (listed == dirty.length) {
            if (listed >= DIRTY_LIST_LIMIT) {
                overflowed = true; // the bits hold every dirty id, including the listed ones
                listed = 0;
                return;
            }
            dirty = Arrays.copyOf(dirty, Math.min(listed * 2, DIRTY_LIST_LIMIT));
        }
        dirty[listed++] = id;
    }

    /** Dirty prefixes not yet taken. */
    int dirtyCount() { return dirtyCount; }

    /** Prefixes with a best path (kept by the flush that sets them). */
    long bestCount() { return bestCount; }

    void countBest(int delta) { bestCount += delta; }

    /**
     * Takes dirty prefixes and clears their marks; returns how many, 0 when none is left. The ids are the first that
     * many entries of {@link #taken()}, in the order first touched, or, once more were dirty than
     * {@link #DIRTY_LIST_LIMIT}, in id order, a run of at most that many per call: call until it returns 0. The array
     * stays the caller's until the next call (two buffers take turns, so taking allocates nothing).
     */
    int takeDirty() {
        int[] out = spareDirty;
        int n;
        if (overflowed) {
            if (out.length < DIRTY_LIST_LIMIT) out = spareDirty = new int[DIRTY_LIST_LIMIT];
            n = 0;
            long[] bits = dirtyBits;
            for (int w = 0; w < bits.length && n < out.length; w++) {
                long word = bits[w];
                while (word != 0 && n < out.length) {
                    long low = word & -word;
                    out[n++] = w << 6 | Long.numberOfTrailingZeros(low);
                    word ^= low;
                }
                bits[w] = word;
            }
            dirtyCount -= n;
            overflowed = dirtyCount > 0;
        } else {
            out = dirty;
            n = listed;
            for (int i = 0; i < n; i++) dirtyBits[out[i] >>> 6] &= ~(1L << out[i]);
            dirtyCount = 0;
            listed = 0;
            dirty = spareDirty.length > DIRTY_LIST_LIMIT ? new int[1024] : spareDirty;
            spareDirty = out;
        }
        taken = out;
        return n;
    }

    /** The ids of the last {@link #takeDirty}. */
    int[] taken() { return taken; }

    long footprintBytes() {
        return prefixes.footprintBytes() + paths.footprintBytes() + rows.footprintBytes() + (best == null ? 0 : best.footprintBytes())
                + dirtyBits.length * 8L + (dirty.length + spareDirty.length) * 4L;
    }

    private void grow(int atLeast) {
        rows.ensure(atLeast);
        paths.ensurePrefixes(rows.capacity());
        if (best != null) best.ensure(rows.capacity()); // new rows are filled in by prefixId as their ids are handed out
        dirtyBits = Arrays.copyOf(dirtyBits, (rows.capacity() + 63) >>> 6); // 1/128 of the rows: copying it is cheap
    }
}
