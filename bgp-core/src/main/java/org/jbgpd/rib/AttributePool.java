package org.jbgpd.rib;

import org.jbgpd.policy.RouteAttributes;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Interned attribute sets with reference counts, and the values the decision process compares
 * copied into primitive arrays by id, so that comparing two paths reads ints and longs, not
 * objects. A million routes sharing ten thousand attribute sets hold ten thousand entries.
 */
final class AttributePool {

    static final long DEFAULT_LOCAL_PREF = 100;

    private final NextHopTable nextHops;
    private final Map<RouteAttributes, Integer> index = new HashMap<>();
    private RouteAttributes[] attrs = new RouteAttributes[64];
    private int[] refs = new int[64];
    private int[] nextHop = new int[64];
    private long[] localPref = new long[64];
    private int[] asPathLength = new int[64];
    private byte[] origin = new byte[64];
    private long[] med = new long[64];
    private long[] neighborAs = new long[64];
    private long[] originatorId = new long[64];
    private int[] clusterListLength = new int[64];
    private int[] free = new int[16];
    private int freeCount;
    private int highWater;

    AttributePool(NextHopTable nextHops) { this.nextHops = nextHops; }

    /** The id of an equal attribute set, adding it if new; counts one reference. */
    int acquire(RouteAttributes a) {
        Integer known = index.get(a);
        if (known != null) {
            refs[known]++;
            return known;
        }
        int id = freeCount > 0 ? free[--freeCount] : highWater++;
        if (id >= attrs.length) grow();
        attrs[id] = a;
        refs[id] = 1;
        nextHop[id] = nextHops.acquire(a.nextHop());
        localPref[id] = a.hasLocalPref() ? a.localPref() : DEFAULT_LOCAL_PREF;
        asPathLength[id] = a.asPath().length();
        origin[id] = (byte) a.origin().code();
        med[id] = a.hasMed() ? a.med() : 0; // RFC 4271 §9.1.2.2 c: a missing MED is the lowest
        neighborAs[id] = a.asPath().neighborAs();
        originatorId[id] = a.originatorId() == null ? -1 : a.originatorId().hi();
        clusterListLength[id] = a.clusterListLength();
        index.put(a, id);
        return id;
    }

    void retain(int id) { refs[id]++; }

    void release(int id) {
        if (--refs[id] > 0) return;
        index.remove(attrs[id]);
        nextHops.release(nextHop[id]);
        attrs[id] = null;
        if (freeCount == free.length) free = Arrays.copyOf(free, freeCount * 2);
        free[freeCount++] = id;
    }

    RouteAttributes get(int id) { return attrs[id]; }
    int nextHop(int id) { return nextHop[id]; }
    long localPref(int id) { return localPref[id]; }
    int asPathLength(int id) { return asPathLength[id]; }
    int origin(int id) { return origin[id]; }
    long med(int id) { return med[id]; }
    long neighborAs(int id) { return neighborAs[id]; }
    /** ORIGINATOR_ID as an unsigned 32-bit value, or -1 when absent. */
    long originatorId(int id) { return originatorId[id]; }
    int clusterListLength(int id) { return clusterListLength[id]; }

    int size() { return index.size(); }

    int idLimit() { return highWater; }

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
    }
}
