package org.jbgpd.rib;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.PathAttributes;

import java.util.Arrays;

/**
 * Interned attribute sets with reference counts, and the values the decision process compares
 * copied into primitive arrays by id, so that comparing two paths reads ints and longs, not
 * objects. A million routes sharing ten thousand attribute sets hold ten thousand entries.
 * One pool per family, because the next hop of a route depends on its family: MP_REACH_NLRI's
 * for routes carried there, NEXT_HOP for conventional IPv4 NLRI.
 */
final class AttributePool {

    static final long DEFAULT_LOCAL_PREF = 100;

    private final Family family;
    private final NextHopTable nextHops;
    /**
     * The index from a set to its id: open addressing (linear probing, backward-shift deletion) over longs that hold
     * the set's hash and its id + 1 (0 = free), so a probe reads one array and a hit reads the set only to confirm it
     * (ADR 0107: a HashMap read a Node and an Integer besides, three cache misses per lookup in a 125k-set pool).
     */
    private long[] index = new long[64];
    private int indexed;
    private PathAttributes[] attrs = new PathAttributes[64];
    private int[] refs = new int[64];
    private int[] nextHop = new int[64];
    // LOCAL_PREF, MED, the neighbour AS and ORIGINATOR_ID are unsigned 32-bit values: ints, read back with a mask
    // (ADR 0146: half the bytes of longs, 2 MB at the 125k sets of a diverse full table). ORIGINATOR_ID's presence is
    // a bit of origin[].
    private int[] localPref = new int[64];
    private int[] asPathLength = new int[64];
    private byte[] origin = new byte[64];
    private int[] med = new int[64];
    private int[] neighborAs = new int[64];
    private int[] originatorId = new int[64];
    private static final int ORIGIN_BITS = 3;
    private static final int HAS_ORIGINATOR = 0x80;
    private int[] clusterListLength = new int[64];
    private boolean[] llgrStale = new boolean[64];
    /**
     * By id, the route engine's loop verdict for the set (ADR 0121): the low two bits for ORIGINATOR_ID / CLUSTER_LIST
     * (RFC 4456), the next two for "AS_PATH holds our AS {@link #loopAs}" (RFC 4271 §9.1.2); in each 0 = not yet known,
     * 1 = no loop, 2 = loop. The check walks the AS_PATH's segments and arrays (several cache misses in a 125k-set pool)
     * while a set comes back eight times in a diverse full table: it is worked out once per set.
     */
    private byte[] loopVerdict = new byte[64];
    /** The AS the own-AS verdicts are for: the first one asked about; others are never cached (-1 = none yet). */
    private long loopAs = -1;
    private int[] free = new int[16];
    private int freeCount;
    private int highWater;

    AttributePool(Family family, NextHopTable nextHops) {
        this.family = family;
        this.nextHops = nextHops;
    }

    /** The next hop routes of this pool's family take from these attributes, or null. */
    IpAddress nextHopOf(PathAttributes a) {
        var mp = a.mpNextHop();
        if (family == Family.IPV4_UNICAST) {
            if (mp != null && mp.global().isV4()) return mp.global();
            if (a.nextHop() != null) return a.nextHop();
            return mp != null ? mp.global() : null; // RFC 8950: IPv4 routes with an IPv6 next hop
        }
        return mp != null && !mp.global().isV4() ? mp.global() : null;
    }

    /** The id of an equal attribute set, adding it if new; counts one reference. */
    int acquire(PathAttributes a) {
        int hint = a.internHint();
        if (hint >= 0 && hint < highWater && attrs[hint] == a) { // this very object is interned here: no hash probe (ADR 0121)
            refs[hint]++;
            return hint;
        }
        int h = a.hashCode();
        long[] t = index;
        int mask = t.length - 1;
        int s = home(h, mask);
        for (long e; (e = t[s]) != 0; s = (s + 1) & mask) {
            if ((int) (e >>> 32) == h) {
                int known = (int) e - 1;
                PathAttributes b = attrs[known];
                if (b == a || b.equals(a)) {
                    refs[known]++;
                    if (b == a) a.internHint(known);
                    return known;
                }
            }
        }
        int id = freeCount > 0 ? free[--freeCount] : highWater++;
        if (id >= attrs.length) grow();
        attrs[id] = a;
        a.internHint(id);
        refs[id] = 1;
        loopVerdict[id] = 0;
        IpAddress nh = nextHopOf(a);
        nextHop[id] = nh == null ? -1 : nextHops.acquire(nh); // -1: never selectable
        localPref[id] = (int) (a.hasLocalPref() ? a.localPref() : DEFAULT_LOCAL_PREF);
        asPathLength[id] = a.asPath() == null ? 0 : a.asPath().pathLength();
        int originCode = a.origin() == null ? 2 : a.origin().code();
        origin[id] = (byte) (a.originatorId() == null ? originCode : originCode | HAS_ORIGINATOR);
        med[id] = (int) (a.hasMed() ? a.med() : 0); // RFC 4271 §9.1.2.2 c: a missing MED is the lowest
        neighborAs[id] = (int) (a.asPath() == null ? 0 : Math.max(0, a.asPath().firstAs()));
        originatorId[id] = a.originatorId() == null ? 0 : (int) a.originatorId().hi();
        clusterListLength[id] = a.clusterListLength();
        llgrStale[id] = a.hasCommunity(PathAttributes.LLGR_STALE);
        t[s] = (long) h << 32 | (id + 1L);
        if (++indexed > t.length * 3L / 4) reindex(t.length * 2);
        return id;
    }

    void retain(int id) { refs[id]++; }

    void release(int id) {
        if (--refs[id] > 0) return;
        unindex(id);
        if (nextHop[id] >= 0) nextHops.release(nextHop[id]);
        attrs[id] = null;
        if (freeCount == free.length) free = Arrays.copyOf(free, freeCount * 2);
        free[freeCount++] = id;
    }

    PathAttributes get(int id) { return attrs[id]; }
    int nextHop(int id) { return nextHop[id]; }
    long localPref(int id) { return localPref[id] & 0xffff_ffffL; }
    int asPathLength(int id) { return asPathLength[id]; }
    int origin(int id) { return origin[id] & ORIGIN_BITS; }
    long med(int id) { return med[id] & 0xffff_ffffL; }
    long neighborAs(int id) { return neighborAs[id] & 0xffff_ffffL; }
    /** ORIGINATOR_ID as an unsigned 32-bit value, or -1 when absent. */
    long originatorId(int id) { return (origin[id] & HAS_ORIGINATOR) != 0 ? originatorId[id] & 0xffff_ffffL : -1; }
    int clusterListLength(int id) { return clusterListLength[id]; }
    /** The route carries LLGR_STALE (RFC 9494): a peer kept it past its restart time. */
    boolean llgrStale(int id) { return llgrStale[id]; }

    int size() { return indexed; }

    private static int home(int hash, int mask) {
        int h = hash * 0x9E3779B9; // sets' hashes are sums of products: spread them over the table's bits
        return (h ^ h >>> 16) & mask;
    }

    /** Removes id's entry; backward-shift deletion keeps every other entry reachable from its home slot. */
    private void unindex(int id) {
        long[] t = index;
        int mask = t.length - 1;
        long entry = (long) attrs[id].hashCode() << 32 | (id + 1L);
        int hole = home((int) (entry >>> 32), mask);
        while (t[hole] != entry) hole = (hole + 1) & mask;
        for (int j = (hole + 1) & mask; t[j] != 0; j = (j + 1) & mask) {
            int h = home((int) (t[j] >>> 32), mask);
            if (((j - h) & mask) >= ((j - hole) & mask)) {
                t[hole] = t[j];
                hole = j;
            }
        }
        t[hole] = 0;
        indexed--;
    }

    private void reindex(int slots) {
        long[] old = index;
        long[] t = new long[slots];
        int mask = slots - 1;
        for (long e : old) {
            if (e == 0) continue;
            int s = home((int) (e >>> 32), mask);
            while (t[s] != 0) s = (s + 1) & mask;
            t[s] = e;
        }
        index = t;
    }

    int idLimit() { return highWater; }

    /** The cached ORIGINATOR_ID / CLUSTER_LIST verdict for set {@code id}: 0 unknown, 1 no loop, 2 loop. */
    int reflectionLoop(int id) { return loopVerdict[id] & 3; }

    void reflectionLoop(int id, boolean loop) { loopVerdict[id] = (byte) (loopVerdict[id] & ~3 | (loop ? 2 : 1)); }

    /** The cached verdict "the AS_PATH of set {@code id} holds {@code as}": 0 unknown, 1 no, 2 yes. */
    int ownAsLoop(int id, long as) { return as == loopAs ? (loopVerdict[id] >>> 2) & 3 : 0; }

    void ownAsLoop(int id, long as, boolean loop) {
        if (loopAs == -1) loopAs = as;
        if (as == loopAs) loopVerdict[id] = (byte) (loopVerdict[id] & 3 | (loop ? 2 : 1) << 2);
    }

    private void grow() {
        int n = attrs.length * 2;
        attrs = Arrays.copyOf(attrs, n);
        refs = Arrays.copyOf(refs, n);
        nextHop = Arrays.copyOf(nextHop, n);
        localPref = Arrays.copyOf(localPref, n);
        asPathLength = Arrays.copyOf(asPathLength, n);
        origin = Arrays.copyOf(origin, n);
        med = Arrays.copyOf(med, n);
        neighborAs = Arrays.copyOf(neighborAs, n);
        originatorId = Arrays.copyOf(originatorId, n);
        clusterListLength = Arrays.copyOf(clusterListLength, n);
        llgrStale = Arrays.copyOf(llgrStale, n);
        loopVerdict = Arrays.copyOf(loopVerdict, n);
    }
}
