package org.jbgpd.rib;

import java.util.Arrays;

/**
 * The lead rows of {@link PathStore} (a prefix's first path, by prefix id): its received attribute id and its
 * {@code peer slot << 8 | flags}, packed into one int while they fit (ADR 0149). Most of a large table fits: its
 * attribute ids stay below 2^20 (a diverse full table has ~125k sets) and its paths come from fewer than 128 peer
 * slots. A page of {@link IntRows#PAGE_ROWS} rows is then 4 bytes per prefix instead of 8. The first value that does
 * not fit widens its page to two ints per row, as all rows were before; a page never narrows again.
 *
 * <p>Packed: attribute id in bits 12-31, peer slot in bits 5-11, flags (5 bits) in bits 0-4. A zero row is "no path"
 * in both forms. Pages are added, never copied, but for the first one, which doubles up to a full page (ADR 0063).
 */
final class LeadRows {

    private static final int PAGE_SHIFT = IntRows.PAGE_SHIFT;
    private static final int PAGE_ROWS = IntRows.PAGE_ROWS;
    private static final int MASK = PAGE_ROWS - 1;
    static final int RAW_LIMIT = 1 << 20;
    static final int PEER_LIMIT = 1 << 7;
    private static final int FLAG_BITS = 0x1f;

    private int[][] pages = new int[8][];
    /** By page: true when its rows are two ints (attribute id, peer slot << 8 | flags). */
    private boolean[] wide = new boolean[8];
    private int capacity;
    private int widePages;

    LeadRows(int expectedRows) {
        ensure(Math.max(1, expectedRows));
    }

    int raw(int id) {
        int p = id >>> PAGE_SHIFT;
        int r = id & MASK;
        return wide[p] ? pages[p][2 * r] : pages[p][r] >>> 12;
    }

    int peerFlags(int id) {
        int p = id >>> PAGE_SHIFT;
        int r = id & MASK;
        if (wide[p]) return pages[p][2 * r + 1];
        int v = pages[p][r];
        return (v >>> 5 & PEER_LIMIT - 1) << 8 | v & FLAG_BITS;
    }

    /** True when row {@code id} has flag {@code flag} (one of the low five bits). */
    boolean has(int id, int flag) {
        int p = id >>> PAGE_SHIFT;
        int r = id & MASK;
        return ((wide[p] ? pages[p][2 * r + 1] : pages[p][r]) & flag) != 0;
    }

    /** Sets both fields of row {@code id} (a new path in it). */
    void set(int id, int raw, int peerFlags) {
        int p = id >>> PAGE_SHIFT;
        int r = id & MASK;
        int peer = peerFlags >>> 8;
        int flags = peerFlags & 0xff;
        if (!wide[p]) {
            if (raw >= 0 && raw < RAW_LIMIT && peer < PEER_LIMIT && flags <= FLAG_BITS) {
                pages[p][r] = raw << 12 | peer << 5 | flags;
                return;
            }
            widen(p);
        }
        pages[p][2 * r] = raw;
        pages[p][2 * r + 1] = peerFlags;
    }

    void setRaw(int id, int raw) {
        int p = id >>> PAGE_SHIFT;
        int r = id & MASK;
        if (!wide[p]) {
            if (raw >= 0 && raw < RAW_LIMIT) {
                pages[p][r] = pages[p][r] & 0xfff | raw << 12;
                return;
            }
            widen(p);
        }
        pages[p][2 * r] = raw;
    }

    void setPeerFlags(int id, int peerFlags) {
        int p = id >>> PAGE_SHIFT;
        int r = id & MASK;
        if (!wide[p]) {
            int peer = peerFlags >>> 8;
            int flags = peerFlags & 0xff;
            if (peer < PEER_LIMIT && flags <= FLAG_BITS) {
                pages[p][r] = pages[p][r] & ~0xfff | peer << 5 | flags;
                return;
            }
            widen(p);
        }
        pages[p][2 * r + 1] = peerFlags;
    }

    /** Rows that can be addressed without {@link #ensure}. */
    int capacity() { return capacity; }

    /** Pages holding two ints per row (for tests). */
    int widePages() { return widePages; }

    /** Makes rows {@code [0, rows)} addressable; new rows are zero (no path). */
    void ensure(int rows) {
        while (capacity < rows) {
            if (capacity < PAGE_ROWS) {
                // The first page grows by copying (doubling) up to its full size, so a small table (Calico scale)
                // does not hold a whole page.
                int n = Math.min(PAGE_ROWS, Math.max(rows, capacity * 2));
                int ints = wide[0] ? 2 * n : n;
                pages[0] = pages[0] == null ? new int[ints] : Arrays.copyOf(pages[0], ints);
                capacity = n;
                continue;
            }
            int p = capacity >>> PAGE_SHIFT;
            if (p == pages.length) {
                pages = Arrays.copyOf(pages, p * 2);
                wide = Arrays.copyOf(wide, p * 2);
            }
            pages[p] = new int[PAGE_ROWS];
            capacity += PAGE_ROWS;
        }
    }

    private void widen(int p) {
        int[] narrow = pages[p];
        int[] w = new int[2 * narrow.length];
        for (int r = 0; r < narrow.length; r++) {
            int v = narrow[r];
            w[2 * r] = v >>> 12;
            w[2 * r + 1] = (v >>> 5 & PEER_LIMIT - 1) << 8 | v & FLAG_BITS;
        }
        pages[p] = w;
        wide[p] = true;
        widePages++;
    }

    long footprintBytes() {
        long bytes = pages.length * 5L;
        for (int[] page : pages) if (page != null) bytes += page.length * 4L;
        return bytes;
    }
}
