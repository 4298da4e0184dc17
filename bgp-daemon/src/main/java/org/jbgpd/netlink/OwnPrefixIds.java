package org.jbgpd.netlink;

import org.jbgpd.fib.PrefixIds;
import org.jbgpd.wire.Family;

import java.util.Arrays;

/**
 * Prefix ids the FIB gives out itself, for batches that carry none (built by tests and tools, not by the engine):
 * a prefix map to the id and the keys by id, ids of removed prefixes reused. Fib-sync thread only. The engine's
 * batches carry its own ids and need none of this (ADR 0137).
 */
final class OwnPrefixIds implements PrefixIds {

    private final PrefixMap byPrefix = new PrefixMap(); // prefix -> id + 1
    private final long[][] hi = {new long[16], new long[16]};
    private final long[][] lo = {new long[16], new long[16]};
    private final byte[][] length = {new byte[16], new byte[16]};
    private final int[] next = new int[2];
    private final int[][] free = {new int[16], new int[16]};
    private final int[] freeCount = new int[2];

    @Override
    public int find(Family f, long h, long l, int len) {
        return byPrefix.get(f, h, l, len) - 1;
    }

    /** The id of a prefix, given out if new. */
    int findOrAdd(Family f, long h, long l, int len) {
        int id = find(f, h, l, len);
        if (id >= 0) return id;
        int k = f.ordinal();
        id = freeCount[k] > 0 ? free[k][--freeCount[k]] : next[k]++;
        if (id + 1 > PrefixMap.MAX_VALUE) throw new IllegalStateException("more than " + (PrefixMap.MAX_VALUE - 1) + " prefixes");
        if (id >= hi[k].length) {
            int n = hi[k].length * 2;
            hi[k] = Arrays.copyOf(hi[k], n);
            lo[k] = Arrays.copyOf(lo[k], n);
            length[k] = Arrays.copyOf(length[k], n);
        }
        hi[k][id] = h;
        lo[k][id] = l;
        length[k][id] = (byte) len;
        byPrefix.put(f, h, l, len, id + 1);
        return id;
    }

    /** Forgets id {@code id} of family {@code f}; it may be given out again. */
    void remove(Family f, int id) {
        int k = f.ordinal();
        byPrefix.remove(f, hi[k][id], lo[k][id], length[k][id] & 0xff);
        if (freeCount[k] == free[k].length) free[k] = Arrays.copyOf(free[k], freeCount[k] * 2);
        free[k][freeCount[k]++] = id;
    }

    @Override
    public long hi(Family f, int id) { return hi[f.ordinal()][id]; }

    @Override
    public long lo(Family f, int id) { return lo[f.ordinal()][id]; }

    @Override
    public int length(Family f, int id) { return length[f.ordinal()][id] & 0xff; }
}
