package org.jbgpd.rib;

import java.util.Arrays;

/**
 * Rows of {@code stride} ints addressed by a dense id, kept in pages of {@value #PAGE_ROWS} rows
 * (ADR 0063). Growing adds pages and copies nothing: one big array grown by a quarter at a time is
 * copied about thirteen times on its way from 64k to a million rows, every old copy stays in the
 * old generation as garbage until a full collection, and the live copy carries up to a quarter of
 * slack. The fields of one row are adjacent in one page, so a row is still one cache line (ADR 0061).
 */
final class IntRows {

    static final int PAGE_SHIFT = 14;
    static final int PAGE_ROWS = 1 << PAGE_SHIFT;
    private static final int MASK = PAGE_ROWS - 1;

    private final int stride;
    private int[][] pages = new int[8][];
    private int capacity;

    IntRows(int stride, int expectedRows) {
        this.stride = stride;
        ensure(Math.max(1, expectedRows));
    }

    int get(int id, int field) { return pages[id >>> PAGE_SHIFT][(id & MASK) * stride + field]; }

    void set(int id, int field, int value) { pages[id >>> PAGE_SHIFT][(id & MASK) * stride + field] = value; }

    /** Rows that can be addressed without {@link #ensure}. */
    int capacity() { return capacity; }

    /** Makes rows {@code [0, rows)} addressable; new rows are zero. */
    void ensure(int rows) {
        while (capacity < rows) {
            if (capacity < PAGE_ROWS) {
                // The first page grows by copying (doubling) up to its full size, so a small table
                // (Calico scale, presized for a few thousand prefixes) does not hold a whole page.
                int n = Math.min(PAGE_ROWS, Math.max(rows, capacity * 2));
                pages[0] = pages[0] == null ? new int[n * stride] : Arrays.copyOf(pages[0], n * stride);
                capacity = n;
                continue;
            }
            int p = capacity >>> PAGE_SHIFT;
            if (p == pages.length) pages = Arrays.copyOf(pages, p * 2);
            pages[p] = new int[PAGE_ROWS * stride];
            capacity += PAGE_ROWS;
        }
    }

    long footprintBytes() { return (long) capacity * stride * Integer.BYTES + pages.length * 4L; }
}
