package org.jbgpd.rib;

import java.util.Arrays;

/**
 * The keys (address and length) of one family's prefix ids, by id, for {@link PrefixIndex}, and the link of a removed
 * id into the index's free list.
 *
 * <p>A prefix is stored as its network bits under a marker bit, {@code 1 << length | address >>> (width - length)}:
 * the length is the marker's position and the host bits, zero in every prefix the wire and the config accept, take
 * no room. An IPv4 prefix up to /29 is then one int, an IPv6 prefix up to /61 one long, and nothing else is kept for
 * it: 4 instead of 8 bytes per IPv4 prefix and 8 instead of 17 per IPv6 prefix of a full table (ADR 0143). Longer
 * prefixes (IPv4 /30 to /32, Calico's borrowed /32s; IPv6 from /62, Calico's /122 blocks) are rare in a full table;
 * their slot holds {@link #WIDE4}/{@link #WIDE6} and the number of a row in a side store of full keys, which exists
 * only once such a prefix arrives and grows with their number, not with the ids. A removed id's slot is negative
 * and holds the next free id.
 */
final class PrefixKeys {

    private static final int NONE = -1;
    private static final int V4_SHORT_MAX = 29;        // marker bit 29 at most: bits 30 and 31 stay free
    private static final int WIDE4 = 1 << 30;          // the slot holds a side row number in its low 30 bits
    private static final int ROW4_MASK = WIDE4 - 1;
    private static final int V6_SHORT_MAX = 61;        // marker bit 61 at most: bits 62 and 63 stay free
    private static final long WIDE6 = 1L << 62;
    private static final long ROW6_MASK = WIDE6 - 1;
    private static final int NO_NEXT = Integer.MAX_VALUE;  // the free list's end in a dead slot

    private final boolean v4;
    private final IntRows short4;   // v4 slots, by id
    private final LongRows short6;  // v6 slots, by id
    // Side store of full keys, by row: v4 one long (address << 8 | length), v6 two (address) plus a length byte.
    // Freed rows are chained through their first word.
    private LongRows wide;
    private byte[] wideLength;
    private int wideHighWater;
    private int wideFree = NONE;
    private int wideCount;

    PrefixKeys(boolean v4, int expected) {
        this.v4 = v4;
        short4 = v4 ? new IntRows(1, expected) : null;
        short6 = v4 ? null : new LongRows(1, expected);
    }

    int capacity() { return v4 ? short4.capacity() : short6.capacity(); }

    void ensure(int ids) {
        if (v4) short4.ensure(ids);
        else short6.ensure(ids);
    }

    /** The slot value for a prefix stored without a side row, or 0 when it needs one. */
    long shortKey(long hi, long lo, int length) {
        if (v4) return length <= V4_SHORT_MAX ? 1L << length | hi >>> (32 - length) : 0;
        if (length > V6_SHORT_MAX || lo != 0) return 0;
        return length == 0 ? 1 : 1L << length | hi >>> (64 - length);
    }

    /** True when id {@code id} holds this prefix; {@code shortKey} from {@link #shortKey}. */
    boolean holds(int id, long shortKey, long hi, long lo, int length) {
        if (v4) {
            int k = short4.get(id, 0);
            if (shortKey != 0) return k == (int) shortKey;
            return (k & ~ROW4_MASK) == WIDE4 && wide.get(k & ROW4_MASK, 0) == (hi << 8 | length);
        }
        long k = short6.get(id, 0);
        if (shortKey != 0) return k == shortKey;
        if ((k & ~ROW6_MASK) != WIDE6) return false;
        int row = (int) (k & ROW6_MASK);
        return wide.get(row, 0) == hi && wide.get(row, 1) == lo && (wideLength[row] & 0xff) == length;
    }

    /**
     * Stores the prefix of id {@code id} (ensured), taking a side row when it needs one; {@code shortKey} from
     * {@link #shortKey}, which the caller worked out for its probe already.
     */
    void set(int id, long shortKey, long hi, long lo, int length) {
        long k = shortKey;
        if (k == 0) {
            int row = takeWideRow();
            if (v4) {
                wide.set(row, 0, hi << 8 | length);
                k = WIDE4 | row;
            } else {
                wide.set(row, 0, hi);
                wide.set(row, 1, lo);
                wideLength[row] = (byte) length;
                k = WIDE6 | row;
            }
        }
        if (v4) short4.set(id, 0, (int) k);
        else short6.set(id, 0, k);
    }

    /** Marks id {@code id} removed (its side row, if any, is freed) and links it to {@code nextFree} (an id or -1). */
    void remove(int id, int nextFree) {
        int link = nextFree == NONE ? NO_NEXT : nextFree;
        if (v4) {
            int k = short4.get(id, 0);
            if (k >= WIDE4) freeWideRow(k & ROW4_MASK);
            short4.set(id, 0, Integer.MIN_VALUE | link);
        } else {
            long k = short6.get(id, 0);
            if (k >= WIDE6) freeWideRow((int) (k & ROW6_MASK));
            short6.set(id, 0, Long.MIN_VALUE | link);
        }
    }

    /** The free id after removed id {@code id}, or -1. */
    int nextFree(int id) {
        int link = (int) ((v4 ? short4.get(id, 0) : short6.get(id, 0)) & Integer.MAX_VALUE);
        return link == NO_NEXT ? NONE : link;
    }

    boolean isLive(int id) { return v4 ? short4.get(id, 0) >= 0 : short6.get(id, 0) >= 0; }

    long hi(int id) {
        if (v4) {
            int k = short4.get(id, 0);
            if (k >= WIDE4) return wide.get(k & ROW4_MASK, 0) >>> 8;
            int length = 31 - Integer.numberOfLeadingZeros(k);
            return ((long) (k ^ 1 << length) << (32 - length)) & 0xffff_ffffL;
        }
        long k = short6.get(id, 0);
        if (k >= WIDE6) return wide.get((int) (k & ROW6_MASK), 0);
        int length = 63 - Long.numberOfLeadingZeros(k);
        return length == 0 ? 0 : (k ^ 1L << length) << (64 - length);
    }

    long lo(int id) {
        if (v4) return 0;
        long k = short6.get(id, 0);
        return k >= WIDE6 ? wide.get((int) (k & ROW6_MASK), 1) : 0;
    }

    int length(int id) {
        if (v4) {
            int k = short4.get(id, 0);
            return k >= WIDE4 ? (int) (wide.get(k & ROW4_MASK, 0) & 0xff) : 31 - Integer.numberOfLeadingZeros(k);
        }
        long k = short6.get(id, 0);
        return k >= WIDE6 ? wideLength[(int) (k & ROW6_MASK)] & 0xff : 63 - Long.numberOfLeadingZeros(k);
    }

    /** Prefixes held in side rows (for tests). */
    int wideCount() { return wideCount; }

    long footprintBytes() {
        long b = v4 ? short4.footprintBytes() : short6.footprintBytes();
        if (wide != null) b += wide.footprintBytes() + (wideLength == null ? 0 : wideLength.length);
        return b;
    }

    private int takeWideRow() {
        wideCount++;
        if (wideFree != NONE) {
            int row = wideFree;
            wideFree = (int) wide.get(row, 0);
            return row;
        }
        int row = wideHighWater++;
        if (wide == null) wide = new LongRows(v4 ? 1 : 2, 16);
        wide.ensure(row + 1);
        if (!v4 && (wideLength == null || wideLength.length < wide.capacity())) {
            wideLength = wideLength == null ? new byte[wide.capacity()] : Arrays.copyOf(wideLength, wide.capacity());
        }
        return row;
    }

    private void freeWideRow(int row) {
        wideCount--;
        wide.set(row, 0, wideFree);
        wideFree = row;
    }
}
