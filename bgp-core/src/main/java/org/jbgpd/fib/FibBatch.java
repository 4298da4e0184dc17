package org.jbgpd.fib;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.util.Arrays;

/**
 * An immutable batch of FIB changes, packed in parallel arrays so that a million changes are a few
 * arrays, not a million objects. Entry {@code i} sets prefix ({@link #family}, {@link #addressHi},
 * {@link #addressLo}, {@link #length}) to {@link #nextHops} (null = remove the route).
 *
 * <p>{@link #endsInitialSync()} marks the batch after which the engine has named every route it
 * wants since it started: routes of our protocol left in the kernel by an earlier run (kernel
 * {@code keepOnExit}, graceful restart) that no batch named since start may now be removed.
 */
public final class FibBatch {

    private static final Family[] FAMILIES = Family.values();

    private final long sequence;
    private final int size;
    private final byte[] family;
    private final byte[] length;
    private final long[] hi;
    /** Null while every entry's low address bits are 0 (all IPv4 batches): 8 B less per route in flight (ADR 0087). */
    private final long[] lo;
    private final NextHopSet[] nextHops;
    private final boolean endsInitialSync;

    private FibBatch(long sequence, int size, byte[] family, byte[] length, long[] hi, long[] lo,
                     NextHopSet[] nextHops, boolean endsInitialSync) {
        this.sequence = sequence;
        this.size = size;
        this.family = family;
        this.length = length;
        this.hi = hi;
        this.lo = lo;
        this.nextHops = nextHops;
        this.endsInitialSync = endsInitialSync;
    }

    /** Increases by one per batch, from 1; {@link FibListener#applied} refers to it. */
    public long sequence() { return sequence; }

    public int size() { return size; }

    public Family family(int i) { return FAMILIES[family[i]]; }

    /** Address bits as in {@link IpAddress#hi()}: for IPv4 the address in the low 32 bits. */
    public long addressHi(int i) { return hi[i]; }

    /** Address bits as in {@link IpAddress#lo()}: 0 for IPv4. */
    public long addressLo(int i) { return lo == null ? 0 : lo[i]; }

    public int length(int i) { return length[i] & 0xff; }

    /** The next hops to install, or null to remove the route. */
    public NextHopSet nextHops(int i) { return nextHops[i]; }

    public boolean isWithdraw(int i) { return nextHops[i] == null; }

    /** Entry {@code i}'s prefix as a value (allocates: for logs, tests and the fake, not hot paths). */
    public IpPrefix prefix(int i) {
        return new IpPrefix(new IpAddress(family(i), hi[i], addressLo(i)), length(i));
    }

    public boolean endsInitialSync() { return endsInitialSync; }

    public static Builder builder(long sequence) { return new Builder(sequence, 16); }

    /** A builder sized for about {@code expected} entries (it still grows past them). */
    public static Builder builder(long sequence, int expected) { return new Builder(sequence, Math.max(1, expected)); }

    /** Collects entries; one builder per batch, not thread-safe. */
    public static final class Builder {
        private final long sequence;
        private int size;
        private byte[] family;
        private byte[] length;
        private long[] hi;
        private long[] lo;
        private NextHopSet[] nextHops;
        private boolean endsInitialSync;
        private boolean handedOver;

        private Builder(long sequence, int capacity) {
            this.sequence = sequence;
            family = new byte[capacity];
            length = new byte[capacity];
            hi = new long[capacity];
            nextHops = new NextHopSet[capacity];
        }

        public Builder replace(Family f, long addressHi, long addressLo, int len, NextHopSet hops) {
            if (hops == null) throw new IllegalArgumentException("use withdraw() to remove a route");
            return add(f, addressHi, addressLo, len, hops);
        }

        public Builder withdraw(Family f, long addressHi, long addressLo, int len) {
            return add(f, addressHi, addressLo, len, null);
        }

        public Builder replace(IpPrefix p, NextHopSet hops) {
            return replace(p.family(), p.address().hi(), p.address().lo(), p.length(), hops);
        }

        public Builder withdraw(IpPrefix p) {
            return withdraw(p.family(), p.address().hi(), p.address().lo(), p.length());
        }

        public Builder endsInitialSync(boolean value) {
            this.endsInitialSync = value;
            return this;
        }

        public int size() { return size; }

        private Builder add(Family f, long addressHi, long addressLo, int len, NextHopSet hops) {
            if (size == hi.length || handedOver) grow();
            family[size] = (byte) f.ordinal();
            length[size] = (byte) len;
            hi[size] = addressHi;
            if (addressLo != 0 && lo == null) lo = new long[hi.length];
            if (lo != null) lo[size] = addressLo;
            nextHops[size] = hops;
            size++;
            return this;
        }

        private void grow() {
            int n = size == hi.length ? hi.length * 2 : hi.length;
            handedOver = false;
            family = Arrays.copyOf(family, n);
            length = Arrays.copyOf(length, n);
            hi = Arrays.copyOf(hi, n);
            if (lo != null) lo = Arrays.copyOf(lo, n);
            nextHops = Arrays.copyOf(nextHops, n);
        }

        /** The batch; it takes over the builder's arrays (no copy), so a later add copies them first. */
        public FibBatch build() {
            handedOver = true;
            return new FibBatch(sequence, size, family, length, hi, lo, nextHops, endsInitialSync);
        }
    }

    @Override
    public String toString() { return "FibBatch#" + sequence + "(" + size + " changes" + (endsInitialSync ? ", ends initial sync" : "") + ")"; }
}
