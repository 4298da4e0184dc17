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
    private int[] head;
    private int[] installed;
    private int[] bestAttr;
    private char[] bestPeer;
    private long[] dirtyBits;
    private int[] dirty = new int[1024];
    private int dirtyCount;

    FamilyRib(Family family, int expectedPrefixes) {
        this.family = family;
        this.prefixes = new PrefixIndex(family, expectedPrefixes);
        this.paths = new PathStore(expectedPrefixes);
        int n = Math.max(16, expectedPrefixes);
        head = new int[n];
        installed = new int[n];
        bestAttr = new int[n];
        bestPeer = new char[n];
        dirtyBits = new long[(n + 63) >>> 6];
    }

    /** The id of a prefix, creating an empty entry if new. */
    int prefixId(long hi, long lo, int length) {
        int before = prefixes.idLimit();
        int id = prefixes.findOrAdd(hi, lo, length);
        if (id >= head.length) grow(prefixes.idLimit());
        if (id >= before || head[id] == Integer.MIN_VALUE) {
            head[id] = PathStore.NIL;
            installed[id] = NextHopSetPool.NONE;
            bestAttr[id] = NONE;
        }
        return id;
    }

    int head(int id) { return head[id]; }
    void setHead(int id, int path) { head[id] = path; }
    int installed(int id) { return installed[id]; }
    void setInstalled(int id, int set) { installed[id] = set; }
    int bestAttr(int id) { return bestAttr[id]; }
    int bestPeer(int id) { return bestPeer[id]; }
    void setBest(int id, int attr, int peer) {
        bestAttr[id] = attr;
        bestPeer[id] = (char) peer;
    }

    /** Drops an empty, uninstalled prefix. */
    void removePrefix(int id) {
        head[id] = Integer.MIN_VALUE; // reinitialised when the id is handed out again
        prefixes.remove(id);
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

    /** Takes the dirty list: ids in the order first touched; clears the marks. */
    int[] takeDirty() {
        int[] out = Arrays.copyOf(dirty, dirtyCount);
        for (int id : out) dirtyBits[id >>> 6] &= ~(1L << id);
        dirtyCount = 0;
        if (dirty.length > 65536) dirty = new int[1024];
        return out;
    }

    long footprintBytes() {
        return prefixes.footprintBytes() + paths.footprintBytes() + head.length * 14L + dirtyBits.length * 8L + dirty.length * 4L;
    }

    private void grow(int atLeast) {
        int n = Math.max(atLeast, Capacity.grow(head.length));
        head = Arrays.copyOf(head, n);
        installed = Arrays.copyOf(installed, n);
        bestAttr = Arrays.copyOf(bestAttr, n);
        bestPeer = Arrays.copyOf(bestPeer, n);
        dirtyBits = Arrays.copyOf(dirtyBits, (n + 63) >>> 6);
    }
}
