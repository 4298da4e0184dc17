package org.jbgpd.rib;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.util.Arrays;

/**
 * Prefixes of one family as parallel primitive arrays (address hi/lo as in {@link IpAddress}, length,
 * add-path id or 0), so that an UPDATE with hundreds of prefixes is four arrays, not hundreds of
 * objects. Immutable once built.
 */
public final class PackedPrefixes {

    public static final PackedPrefixes EMPTY = new PackedPrefixes(0, new long[0], new long[0], new byte[0], new int[0]);

    private final int size;
    private final long[] hi;
    private final long[] lo;
    private final byte[] length;
    private final int[] pathId;

    private PackedPrefixes(int size, long[] hi, long[] lo, byte[] length, int[] pathId) {
        this.size = size;
        this.hi = hi;
        this.lo = lo;
        this.length = length;
        this.pathId = pathId;
    }

    public int size() { return size; }
    public long hi(int i) { return hi[i]; }
    public long lo(int i) { return lo[i]; }
    public int length(int i) { return length[i] & 0xff; }
    public int pathId(int i) { return pathId[i]; }

    public static PackedPrefixes of(IpPrefix... prefixes) {
        Builder b = new Builder(prefixes.length);
        for (IpPrefix p : prefixes) b.add(p, 0);
        return b.build();
    }

    public static Builder builder(int expected) { return new Builder(expected); }

    /** Collects prefixes; not thread-safe. */
    public static final class Builder {
        private int size;
        private long[] hi;
        private long[] lo;
        private byte[] length;
        private int[] pathId;

        private Builder(int expected) {
            int n = Math.max(4, expected);
            hi = new long[n];
            lo = new long[n];
            length = new byte[n];
            pathId = new int[n];
        }

        public Builder add(long addressHi, long addressLo, int len, int addPathId) {
            if (size == hi.length) {
                int n = size * 2;
                hi = Arrays.copyOf(hi, n);
                lo = Arrays.copyOf(lo, n);
                length = Arrays.copyOf(length, n);
                pathId = Arrays.copyOf(pathId, n);
            }
            hi[size] = addressHi;
            lo[size] = addressLo;
            length[size] = (byte) len;
            pathId[size] = addPathId;
            size++;
            return this;
        }

        public Builder add(IpPrefix p, int addPathId) { return add(p.address().hi(), p.address().lo(), p.length(), addPathId); }

        public int size() { return size; }

        public PackedPrefixes build() { return new PackedPrefixes(size, hi, lo, length, pathId); }
    }

    /** Entry {@code i} as a value (allocates). */
    public IpPrefix prefix(Family f, int i) { return new IpPrefix(new IpAddress(f, hi[i], lo[i]), length(i)); }
}
