package org.jbgpd.fib;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;

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

    // What an entry costs in flight between engine and FIB, the bytes the withdraw's young collections promote (no
    // tenuring, ADR 0087): the arrays below are left out while nothing needs them (ADR 0087, 0129), so an IPv4
    // withdraw is 5 bytes (length, address), an IPv4 replace 9 (and its next-hop set reference), where every entry
    // was 14 before; an IPv6 entry is 22 as it was. The engine's batches add 4 for the prefix's id, which saves the
    // FIB its own table of every prefix (ADR 0137).
    private final long sequence;
    private final int size;
    /** Null while every entry is IPv4. */
    private final byte[] family;
    private final byte[] length;
    /** IPv4 addresses, while every entry is IPv4 (an address of at most 32 bits, no low bits); else null and {@link #hi} is used. */
    private final int[] v4;
    /** Null while {@link #v4} holds the addresses. */
    private final long[] hi;
    /** Null while every entry's low address bits are 0 (all IPv4 batches): 8 B less per route in flight (ADR 0087). */
    private final long[] lo;
    /** Null while every entry is a withdraw (a peer going down hands over nothing but withdraws). */
    private final NextHopSet[] nextHops;
    /** The engine's id of each entry's prefix ({@link PrefixIds}); null when the batch carries none (tests, tools). */
    private final int[] ids;
    private final boolean endsInitialSync;
    /** Where {@link #recycle} hands the arrays back; null for a batch whose builder had no pool. */
    private final ArrayPool pool;
    private boolean recycled;

    private FibBatch(long sequence, int size, byte[] family, byte[] length, int[] v4, long[] hi, long[] lo,
                     NextHopSet[] nextHops, int[] ids, boolean endsInitialSync, ArrayPool pool) {
        this.sequence = sequence;
        this.size = size;
        this.family = family;
        this.length = length;
        this.v4 = v4;
        this.hi = hi;
        this.lo = lo;
        this.nextHops = nextHops;
        this.ids = ids;
        this.endsInitialSync = endsInitialSync;
        this.pool = pool;
    }

    /**
     * The consumer is done with this batch: its arrays go back to the pool its builder took them from (if any), for
     * the next batches. Nothing may read the batch afterwards. Only the one consumer that applies a batch calls this,
     * once (a second call does nothing); a consumer that never calls it costs only the reuse.
     */
    public void recycle() {
        if (pool == null || recycled) return;
        recycled = true;
        pool.give(family, length, v4, hi, lo, nextHops, ids);
    }

    /**
     * Arrays of batches of {@link #CAPACITY} entries, handed back by the consumer once a batch is applied
     * ({@link #recycle}) and taken by the next builder, so that a full-table load or withdraw, which the engine hands
     * on in batches of that size, allocates no batch arrays after the first few (ADR 0139). Before, each batch's
     * arrays were new, 13 bytes per IPv4 route, and every young collection copied the batches then in flight into the
     * old generation (no tenuring, ADR 0087), where they stayed until a full collection. Bounded: at most
     * {@link #KEPT} arrays of each kind wait here. Safe between one builder thread and one recycling thread.
     */
    public static final class ArrayPool {
        /** The batch size that is pooled: the engine's slice of a large flush. */
        public static final int CAPACITY = 16_384;
        private static final int KEPT = 16;
        private final ArrayBlockingQueue<byte[]> bytes = new ArrayBlockingQueue<>(2 * KEPT);
        private final ArrayBlockingQueue<int[]> ints = new ArrayBlockingQueue<>(2 * KEPT);
        private final ArrayBlockingQueue<long[]> longs = new ArrayBlockingQueue<>(2 * KEPT);
        private final ArrayBlockingQueue<NextHopSet[]> sets = new ArrayBlockingQueue<>(KEPT);

        byte[] bytes() { byte[] a = bytes.poll(); return a != null ? a : new byte[CAPACITY]; }
        int[] ints() { int[] a = ints.poll(); return a != null ? a : new int[CAPACITY]; }
        long[] longs() { long[] a = longs.poll(); return a != null ? a : new long[CAPACITY]; }
        NextHopSet[] sets() { NextHopSet[] a = sets.poll(); return a != null ? a : new NextHopSet[CAPACITY]; }

        private void give(byte[] family, byte[] length, int[] v4, long[] hi, long[] lo, NextHopSet[] nextHops, int[] ids) {
            // Every array of a batch with a pool came from it (a builder that grows or is built twice drops its pool).
            if (family != null) bytes.offer(family);
            bytes.offer(length);
            if (v4 != null) ints.offer(v4);
            if (ids != null) ints.offer(ids);
            if (hi != null) longs.offer(hi);
            if (lo != null) longs.offer(lo);
            if (nextHops != null) sets.offer(nextHops);
        }

        /** Arrays waiting to be reused (for tests). */
        int waiting() { return bytes.size() + ints.size() + longs.size() + sets.size(); }
    }

    /** Increases by one per batch, from 1; {@link FibListener#applied} refers to it. */
    public long sequence() { return sequence; }

    public int size() { return size; }

    public Family family(int i) { return family == null ? Family.IPV4_UNICAST : FAMILIES[family[i]]; }

    /** Address bits as in {@link IpAddress#hi()}: for IPv4 the address in the low 32 bits. */
    public long addressHi(int i) { return v4 != null ? v4[i] & 0xffff_ffffL : hi[i]; }

    /** Address bits as in {@link IpAddress#lo()}: 0 for IPv4. */
    public long addressLo(int i) { return lo == null ? 0 : lo[i]; }

    public int length(int i) { return length[i] & 0xff; }

    /** The next hops to install, or null to remove the route. */
    public NextHopSet nextHops(int i) { return nextHops == null ? null : nextHops[i]; }

    public boolean isWithdraw(int i) { return nextHops(i) == null; }

    /** The engine's id of entry {@code i}'s prefix in {@link PrefixIds}, or -1 when the batch carries no ids. */
    public int id(int i) { return ids == null ? -1 : ids[i]; }

    /** Entry {@code i}'s prefix as a value (allocates: for logs, tests and the fake, not hot paths). */
    public IpPrefix prefix(int i) {
        return new IpPrefix(new IpAddress(family(i), addressHi(i), addressLo(i)), length(i));
    }

    public boolean endsInitialSync() { return endsInitialSync; }

    public static Builder builder(long sequence) { return new Builder(sequence, 16, null); }

    /** A builder sized for about {@code expected} entries (it still grows past them). */
    public static Builder builder(long sequence, int expected) { return new Builder(sequence, Math.max(1, expected), null); }

    /**
     * A builder sized for about {@code expected} entries that takes its arrays from {@code pool} when {@code expected}
     * is the pooled size ({@link ArrayPool#CAPACITY}); its batch gives them back on {@link #recycle}.
     */
    public static Builder builder(long sequence, int expected, ArrayPool pool) {
        return new Builder(sequence, Math.max(1, expected), expected == ArrayPool.CAPACITY ? pool : null);
    }

    /** Collects entries; one builder per batch, not thread-safe. */
    public static final class Builder {
        private static final byte V4 = (byte) Family.IPV4_UNICAST.ordinal();

        private final long sequence;
        private int size;
        private int capacity;
        // As in FibBatch: family, hi, lo and nextHops are created when the first entry needs them (filled for the
        // entries before it), v4 is dropped when hi is created.
        private byte[] family;
        private byte[] length;
        private int[] v4;
        private long[] hi;
        private long[] lo;
        private NextHopSet[] nextHops;
        private int[] ids;
        private boolean endsInitialSync;
        private boolean handedOver;
        /** Non-null while the arrays are the pool's size: new arrays come from it, the batch gives them back. */
        private ArrayPool pool;

        private Builder(long sequence, int capacity, ArrayPool pool) {
            this.sequence = sequence;
            this.capacity = capacity;
            this.pool = pool;
            length = pool != null ? pool.bytes() : new byte[capacity];
            v4 = pool != null ? pool.ints() : new int[capacity];
        }

        public Builder replace(Family f, long addressHi, long addressLo, int len, NextHopSet hops) {
            return replace(f, addressHi, addressLo, len, hops, -1);
        }

        public Builder withdraw(Family f, long addressHi, long addressLo, int len) {
            return add(f, addressHi, addressLo, len, null, -1);
        }

        /** A replace that carries the engine's id of the prefix ({@link PrefixIds}). */
        public Builder replace(Family f, long addressHi, long addressLo, int len, NextHopSet hops, int id) {
            if (hops == null) throw new IllegalArgumentException("use withdraw() to remove a route");
            return add(f, addressHi, addressLo, len, hops, id);
        }

        /** A withdraw that carries the engine's id of the prefix ({@link PrefixIds}). */
        public Builder withdraw(Family f, long addressHi, long addressLo, int len, int id) {
            return add(f, addressHi, addressLo, len, null, id);
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

        private Builder add(Family f, long addressHi, long addressLo, int len, NextHopSet hops, int id) {
            if (size == capacity || handedOver) grow();
            boolean isV4 = f == Family.IPV4_UNICAST;
            if (!isV4 && family == null) {
                family = pool != null ? pool.bytes() : new byte[capacity];
                Arrays.fill(family, 0, size, V4);
            }
            if (family != null) family[size] = (byte) f.ordinal();
            length[size] = (byte) len;
            if (v4 != null && !(isV4 && addressLo == 0 && addressHi >>> 32 == 0)) {
                hi = pool != null ? pool.longs() : new long[capacity];
                for (int i = 0; i < size; i++) hi[i] = v4[i] & 0xffff_ffffL;
                if (pool != null) pool.ints.offer(v4); // not part of the batch: back at once
                v4 = null;
            }
            if (v4 != null) v4[size] = (int) addressHi;
            else hi[size] = addressHi;
            if (addressLo != 0 && lo == null) {
                lo = pool != null ? pool.longs() : new long[capacity];
                Arrays.fill(lo, 0, size, 0L); // a reused array holds another batch's addresses
            }
            if (lo != null) lo[size] = addressLo;
            if (hops != null && nextHops == null) {
                nextHops = pool != null ? pool.sets() : new NextHopSet[capacity];
                Arrays.fill(nextHops, 0, size, null); // the entries before are withdraws, whatever a reused array held
            }
            if (nextHops != null) nextHops[size] = hops;
            if (id >= 0 && ids == null) {
                ids = pool != null ? pool.ints() : new int[capacity];
                Arrays.fill(ids, 0, size, -1);
            }
            if (ids != null) ids[size] = id;
            size++;
            return this;
        }

        private void grow() {
            int n = size == capacity ? capacity * 2 : capacity;
            handedOver = false;
            pool = null; // copies from here on: a batch built earlier from these arrays owns them
            capacity = n;
            if (family != null) family = Arrays.copyOf(family, n);
            length = Arrays.copyOf(length, n);
            if (v4 != null) v4 = Arrays.copyOf(v4, n);
            if (hi != null) hi = Arrays.copyOf(hi, n);
            if (lo != null) lo = Arrays.copyOf(lo, n);
            if (nextHops != null) nextHops = Arrays.copyOf(nextHops, n);
            if (ids != null) ids = Arrays.copyOf(ids, n);
        }

        /** The batch; it takes over the builder's arrays (no copy), so a later add copies them first. */
        public FibBatch build() {
            handedOver = true;
            FibBatch batch = new FibBatch(sequence, size, family, length, v4, hi, lo, nextHops, ids, endsInitialSync, pool);
            pool = null; // a second build() would share these arrays: only the first batch gives them back
            return batch;
        }
    }

    @Override
    public String toString() { return "FibBatch#" + sequence + "(" + size + " changes" + (endsInitialSync ? ", ends initial sync" : "") + ")"; }
}
