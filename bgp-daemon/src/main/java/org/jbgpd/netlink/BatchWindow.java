package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.wire.Family;

import java.util.Arrays;

/**
 * Consecutive batches fib-sync applies together, and the order it writes their entries to the
 * kernel in (ADR 0132). Entries are numbered across the window in batch order; the wanted table
 * is updated in that order, while the kernel requests go out IPv4 first in address order, then
 * everything else in window order.
 *
 * <p>Why: the kernel's IPv4 table is an LC-trie that resizes a node when an insert or delete
 * through it moves the share of its non-empty and full children past a threshold. A feeder's
 * order can be spread evenly over the address space (BIRD 2 sends in the order of its FIB hash),
 * so every node of a level fills at the same pace and they all cross their thresholds within the
 * same few thousand routes: one sendmsg then rebuilds tens of thousands of nodes at once (0.1-0.2 s
 * per step, 0.25-0.35 s per 1M). In address order the window's routes reach the nodes one region at
 * a time, so their rebuilds come at different moments and each is small, and neighbouring inserts
 * share the cache misses of their descent: the kernel's time for a 1M load fell by ~11%.
 *
 * <p>Per prefix nothing changes: the sort is stable (equal prefixes keep their window order), so the
 * last entry on a prefix is still written last. Owned by the fib-sync thread; reused.
 */
final class BatchWindow {
    private FibBatch[] batches = new FibBatch[4];
    /** starts[b]: the window index of batch b's first entry. */
    private int[] starts = new int[4];
    private int batchCount;
    private int size;
    // The IPv4 entries' sort keys (see sortIpv4) and the other half of the sort's pair.
    private long[] keys = new long[0];
    private long[] spare = new long[0];
    private final int[] counts = new int[(1 << 11) + 1];

    void clear() {
        Arrays.fill(batches, 0, batchCount, null);
        batchCount = 0;
        size = 0;
    }

    void add(FibBatch batch) {
        if (batchCount == batches.length) {
            batches = Arrays.copyOf(batches, batchCount * 2);
            starts = Arrays.copyOf(starts, batchCount * 2);
        }
        int n = batch.size();
        batches[batchCount] = batch;
        starts[batchCount] = size;
        batchCount++;
        size += n;
    }

    /** Entries in the window. */
    int size() { return size; }

    int batchCount() { return batchCount; }

    FibBatch batch(int b) { return batches[b]; }

    /** The window index of batch {@code b}'s first entry. */
    int start(int b) { return starts[b]; }

    /**
     * Sorts the window's IPv4 entries by address, then length, then window index (so stable) and
     * returns how many there are; {@link #key} gives them in that order, each key holding all pass 2
     * needs of its entry (address, length, window index), so that pass reads them in sequence
     * instead of jumping between the batches. The other entries are written after them, in window
     * order. A window of more than 2^24 entries (no engine batch is that large) is not sorted: -1,
     * and all of it is written in window order.
     */
    int sortIpv4() {
        if (size > INDEX_MASK + 1) return -1;
        if (keys.length < size) {
            keys = new long[size];
            spare = new long[size];
        }
        int v4 = 0;
        for (int b = 0; b < batchCount; b++) {
            FibBatch batch = batches[b];
            int base = starts[b];
            for (int i = 0, n = batch.size(); i < n; i++) {
                if (batch.family(i) == Family.IPV4_UNICAST) {
                    keys[v4++] = (batch.addressHi(i) & 0xffff_ffffL) << 32 | (long) batch.length(i) << INDEX_BITS | (base + i);
                }
            }
        }
        radixSort(v4);
        return v4;
    }

    /** The {@code j}th IPv4 key in write order, after {@link #sortIpv4}. */
    long key(int j) { return keys[j]; }

    /** A key's IPv4 address, as {@link FibBatch#addressHi} has it. */
    static long address(long key) { return key >>> 32; }

    static int length(long key) { return (int) (key >>> INDEX_BITS) & 0x3f; }

    /** A key's window index. */
    static int index(long key) { return (int) (key & INDEX_MASK); }

    private static final int INDEX_BITS = 24;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final int DIGIT_BITS = 11;
    private static final int DIGIT_MASK = (1 << DIGIT_BITS) - 1;

    /**
     * Sorts the first {@code n} keys by address, then length: a least-significant-digit radix sort,
     * stable, so equal prefixes keep their window order. Under the launcher's C1 it costs a few
     * array passes per entry, where Arrays.sort of 16k keys took ~1 µs per entry (~60 ms per 1M
     * routes). A digit every key shares (the low bits of /24s, one length) is skipped.
     */
    private void radixSort(int n) {
        sortPass(n, INDEX_BITS, 0x3f);
        sortPass(n, 32, DIGIT_MASK);
        sortPass(n, 32 + DIGIT_BITS, DIGIT_MASK);
        sortPass(n, 32 + 2 * DIGIT_BITS, DIGIT_MASK);
    }

    /** One stable counting pass on {@code (key >>> shift) & mask}; leaves the result in keys. */
    private void sortPass(int n, int shift, int mask) {
        long[] from = keys;
        int[] count = counts;
        Arrays.fill(count, 0, mask + 2, 0);
        for (int j = 0; j < n; j++) count[((int) (from[j] >>> shift) & mask) + 1]++;
        if (n == 0 || count[((int) (from[0] >>> shift) & mask) + 1] == n) return; // one digit value: in order already
        for (int d = 0; d <= mask; d++) count[d + 1] += count[d];
        long[] to = spare;
        for (int j = 0; j < n; j++) to[count[(int) (from[j] >>> shift) & mask]++] = from[j];
        keys = to;
        spare = from;
    }
}
