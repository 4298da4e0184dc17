package org.jbgpd.rib;

import java.util.Arrays;

/**
 * {@link IntRows} for longs: rows of {@code stride} longs by dense id, in pages that are added, never copied (ADR 0063).
 * A twin of IntRows on purpose (the duplicate-code check lists the pair): Java has no generics over primitives, and a
 * shared base over boxed values or a per-access virtual call would cost the RIB's hottest reads. Change both together.
 */
final class LongRows {

    private static final int PAGE_SHIFT = IntRows.PAGE_SHIFT;
    private static final int PAGE_ROWS = 1 << PAGE_SHIFT;
    private static final int MASK = PAGE_ROWS - 1;

    private final int stride;
    private long[][] pages = new long[8][];
    private int capacity;

    LongRows(int stride, int expectedRows) {
        this.stride = stride;
        ensure(Math.max(1, expectedRows));
    }

    long get(int id, int field) { return pages[id >>> PAGE_SHIFT][(id & MASK) * stride + field]; }

    void set(int id, int field, long value) { pages[id >>> PAGE_SHIFT][(id & MASK) * stride + field] = value; }

    int capacity() { return capacity; }

    /** Makes rows {@code [0, rows)} addressable; new rows are zero. */
    void ensure(int rows) {
        while (capacity < rows) {
            if (capacity < PAGE_ROWS) {
                // The first page grows by copying (doubling) up to its full size, so a small table
                // (Calico scale, presized for a few thousand prefixes) does not hold a whole page.
                int n = Math.min(PAGE_ROWS, Math.max(rows, capacity * 2));
                pages[0] = pages[0] == null ? new long[n * stride] : Arrays.copyOf(pages[0], n * stride);
                capacity = n;
                continue;
            }
            int p = capacity >>> PAGE_SHIFT;
            if (p == pages.length) pages = Arrays.copyOf(pages, p * 2);
            pages[p] = new long[PAGE_ROWS * stride];
            capacity += PAGE_ROWS;
        }
    }

    long footprintBytes() { return (long) capacity * stride * Long.BYTES + pages.length * 4L; }
}
