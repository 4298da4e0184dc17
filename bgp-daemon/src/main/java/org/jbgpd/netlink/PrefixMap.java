package org.jbgpd.netlink;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.util.Arrays;

/**
 * A hash map from prefix (family, address bits, length) to a value, in parallel arrays with
 * linear probing: a million routes are a few arrays, not a million entry objects, and neither
 * put nor remove allocates (except when the table grows). Not thread-safe.
 *
 * <p>Iterate with slots: {@code for (int s = 0; s < map.capacity(); s++) if (map.used(s)) ...}.
 */
final class PrefixMap<V> {
    private static final Family[] FAMILIES = Family.values();

    private long[] hi;
    private long[] lo;
    private int[] tag; // 0 = free, else 1 + (family ordinal << 8 | length)
    private Object[] values;
    private int size;
    private int mask;

    PrefixMap() {
        this(16);
    }

    PrefixMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(cap);
    }

    private void allocate(int cap) {
        hi = new long[cap];
        lo = new long[cap];
        tag = new int[cap];
        values = new Object[cap];
        mask = cap - 1;
    }

    int size() { return size; }

    int capacity() { return tag.length; }

    boolean used(int slot) { return tag[slot] != 0; }

    Family family(int slot) { return FAMILIES[(tag[slot] - 1) >>> 8]; }

    long hi(int slot) { return hi[slot]; }

    long lo(int slot) { return lo[slot]; }

    int length(int slot) { return (tag[slot] - 1) & 0xff; }

    @SuppressWarnings("unchecked")
    V value(int slot) { return (V) values[slot]; }

    IpPrefix prefix(int slot) {
        return new IpPrefix(new IpAddress(family(slot), hi[slot], lo[slot]), length(slot));
    }

    private static int tagOf(Family f, int length) { return 1 + (f.ordinal() << 8 | length); }

    private static int hash(long h, long l, int t) {
        long x = h * 0x9E3779B97F4A7C15L ^ l * 0xC2B2AE3D27D4EB4FL ^ t * 0x165667B19E3779F9L;
        return (int) (x ^ (x >>> 29) ^ (x >>> 47));
    }

    private int find(int t, long h, long l) {
        int s = hash(h, l, t) & mask;
        while (tag[s] != 0) {
            if (tag[s] == t && hi[s] == h && lo[s] == l) return s;
            s = (s + 1) & mask;
        }
        return ~s;
    }

    @SuppressWarnings("unchecked")
    V get(Family f, long h, long l, int length) {
        int s = find(tagOf(f, length), h, l);
        return s >= 0 ? (V) values[s] : null;
    }

    V get(IpPrefix p) {
        return get(p.family(), p.address().hi(), p.address().lo(), p.length());
    }

    /** The slot holding the prefix, or -1. Valid until the next put or remove. */
    int slotOf(Family f, long h, long l, int length) {
        int s = find(tagOf(f, length), h, l);
        return s >= 0 ? s : -1;
    }

    boolean contains(Family f, long h, long l, int length) {
        return find(tagOf(f, length), h, l) >= 0;
    }

    /** Sets the value; returns the previous one or null. */
    @SuppressWarnings("unchecked")
    V put(Family f, long h, long l, int length, V value) {
        if (value == null) throw new IllegalArgumentException("null value");
        int t = tagOf(f, length);
        int s = find(t, h, l);
        if (s >= 0) {
            V old = (V) values[s];
            values[s] = value;
            return old;
        }
        if ((size + 1) * 4 > capacity() * 3) {
            grow();
            s = find(t, h, l);
        }
        s = ~s;
        tag[s] = t;
        hi[s] = h;
        lo[s] = l;
        values[s] = value;
        size++;
        return null;
    }

    V put(IpPrefix p, V value) {
        return put(p.family(), p.address().hi(), p.address().lo(), p.length(), value);
    }

    /** Removes the entry; returns its value or null. */
    @SuppressWarnings("unchecked")
    V remove(Family f, long h, long l, int length) {
        int s = find(tagOf(f, length), h, l);
        if (s < 0) return null;
        V old = (V) values[s];
        deleteSlot(s);
        return old;
    }

    V remove(IpPrefix p) {
        return remove(p.family(), p.address().hi(), p.address().lo(), p.length());
    }

    void clear() {
        Arrays.fill(tag, 0);
        Arrays.fill(values, null);
        size = 0;
    }

    /** Backward-shift deletion: keeps probe chains intact without tombstones. */
    private void deleteSlot(int s) {
        int gap = s;
        int i = s;
        while (true) {
            i = (i + 1) & mask;
            if (tag[i] == 0) break;
            int home = hash(hi[i], lo[i], tag[i]) & mask;
            // move i into the gap if its home is not in (gap, i] cyclically
            boolean between = gap <= i ? (home > gap && home <= i) : (home > gap || home <= i);
            if (!between) {
                tag[gap] = tag[i];
                hi[gap] = hi[i];
                lo[gap] = lo[i];
                values[gap] = values[i];
                gap = i;
            }
        }
        tag[gap] = 0;
        values[gap] = null;
        size--;
    }

    private void grow() {
        long[] oh = hi, ol = lo;
        int[] ot = tag;
        Object[] ov = values;
        allocate(ot.length * 2);
        for (int s = 0; s < ot.length; s++) {
            if (ot[s] == 0) continue;
            int n = ~find(ot[s], oh[s], ol[s]);
            tag[n] = ot[s];
            hi[n] = oh[s];
            lo[n] = ol[s];
            values[n] = ov[s];
        }
    }
}
