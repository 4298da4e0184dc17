package org.jbgpd.rib;

import org.jbgpd.wire.Family;

import java.util.Arrays;

/**
 * The Loc-RIB of one family and the Adj-RIBs-In that feed it: the prefix index, every path, and
 * per prefix its path chain, installed next-hop set and best path (attribute id and peer slot, kept
 * so that exports can tell what changed after the old best path is gone). Prefixes touched since
 * the last flush are remembered once each (a bit and a list) so that ten changes to one prefix cost
 * one decision and at most one FIB operation.
 */
final class FamilyRib {

    static final int NONE = -1;

    final Family family;
    final PrefixIndex prefixes;
    final PathStore paths;
    // Per prefix id, interleaved so that one prefix is one cache line: head path, installed
    // next-hop set, best path's attribute id and peer slot (ADR 0061), in pages (ADR 0063).
    private static final int STRIDE = 4;
    private static final int HEAD = 0;
    private static final int INSTALLED = 1;
    private static final int BEST_ATTR = 2;
    private static final int BEST_PEER = 3;
    private final IntRows rows;
    private long[] dirtyBits;
    private int[] dirty = new int[1024];
    private int[] spareDirty = new int[1024];
    private int dirtyCount;
    private long bestCount;

    FamilyRib(Family family, int expectedPrefixes) {
        this.family = family;
        this.prefixes = new PrefixIndex(family, expectedPrefixes);
        this.paths = new PathStore(expectedPrefixes);
        this.rows = new IntRows(STRIDE, Math.max(16, expectedPrefixes));
        dirtyBits = new long[(rows.capacity() + 63) >>> 6];
    }

    /** The id of a prefix, creating an empty entry if new. */
    int prefixId(long hi, long lo, int length) {
        int before = prefixes.idLimit();
        int id = prefixes.findOrAdd(hi, lo, length);
        if (id >= rows.capacity()) grow(id + 1);
        if (id >= before || rows.get(id, HEAD) == Integer.MIN_VALUE) {
            rows.set(id, HEAD, PathStore.NIL);
            rows.set(id, INSTALLED, NextHopSetPool.NONE);
            rows.set(id, BEST_ATTR, NONE);
            rows.set(id, BEST_PEER, 0);
        }
        return id;
    }

    int head(int id) { return rows.get(id, HEAD); }
    void setHead(int id, int path) { rows.set(id, HEAD, path); }
    int installed(int id) { return rows.get(id, INSTALLED); }
    void setInstalled(int id, int set) { rows.set(id, INSTALLED, set); }
    int bestAttr(int id) { return rows.get(id, BEST_ATTR); }
    int bestPeer(int id) { return rows.get(id, BEST_PEER); }
    void setBest(int id, int attr, int peer) {
        rows.set(id, BEST_ATTR, attr);
        rows.set(id, BEST_PEER, peer);
    }

    /** Drops an empty, uninstalled prefix. */
    void removePrefix(int id) {
        rows.set(id, HEAD, Integer.MIN_VALUE); // reinitialised when the id is handed out again
        prefixes.remove(id);
    }

    /** Makes room for {@code more} dirty prefixes beyond those marked now, so that marking them copies nothing. */
    void reserveDirty(int more) {
        if ((long) dirtyCount + more > dirty.length) dirty = Arrays.copyOf(dirty, dirtyCount + more);
    }

    void markDirty(int id) {
        long bit = 1L << id;
        int w = id >>> 6;
        if ((dirtyBits[w] & bit) != 0) return;
        dirtyBits[w] |= bit;
        if (dirtyCount == dirty.length) dirty = Arrays.copyOf(dirty, dirtyCount * 2);
        dirty[dirtyCount++] = id;
    }

    int dirtyCount() { return dirtyCount; }

    /** Prefixes with a best path (kept by the flush that sets them). */
    long bestCount() { return bestCount; }

    void countBest(int delta) { bestCount += delta; }

    /**
     * Takes the dirty list: the first {@link #dirtyCount()} (read before) entries of the returned
     * array are the ids in the order first touched; the marks are cleared. The array stays the
     * caller's until the next call (two buffers take turns, so a flush allocates nothing).
     */
    int[] takeDirty() {
        int[] out = dirty;
        for (int i = 0; i < dirtyCount; i++) dirtyBits[out[i] >>> 6] &= ~(1L << out[i]);
        dirtyCount = 0;
        dirty = spareDirty.length > 65536 ? new int[1024] : spareDirty;
        spareDirty = out;
        return out;
    }

    long footprintBytes() {
        return prefixes.footprintBytes() + paths.footprintBytes() + rows.footprintBytes() + dirtyBits.length * 8L + (dirty.length + spareDirty.length) * 4L;
    }

    private void grow(int atLeast) {
        rows.ensure(atLeast);
        dirtyBits = Arrays.copyOf(dirtyBits, (rows.capacity() + 63) >>> 6); // 1/128 of the rows: copying it is cheap
    }
}
