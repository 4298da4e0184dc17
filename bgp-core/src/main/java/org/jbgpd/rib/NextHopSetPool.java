package org.jbgpd.rib;

import org.jbgpd.fib.NextHop;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.wire.IpAddress;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Interned installed next-hop sets with reference counts (one per prefix installed with it).
 * Id 0 means "not installed". A set with one next hop is found through an array indexed by
 * next-hop id, so the common case allocates nothing; a multipath set is looked up by content.
 */
final class NextHopSetPool {

    static final int NONE = 0;

    private final NextHopTable nextHops;
    private final Map<NextHopSet, Integer> index = new HashMap<>();
    private NextHopSet[] sets = new NextHopSet[16];
    private int[] refs = new int[16];
    private int[] singleNh = new int[16];      // set id -> its only next-hop id, or -1
    private IpAddress[] singleAddress = new IpAddress[16]; // set id -> its only next hop's address object, or null
    private int[] singleByNh = new int[16];    // next-hop id -> set id, or 0
    private int[] free = new int[16];
    private int freeCount;
    private int highWater = 1;

    NextHopSetPool(NextHopTable nextHops) { this.nextHops = nextHops; }

    /** The set holding only this next hop (no reference counted yet). */
    int single(int nh) {
        if (nh >= singleByNh.length) singleByNh = Arrays.copyOf(singleByNh, Math.max(nh + 1, singleByNh.length * 2));
        int id = singleByNh[nh];
        // Next-hop ids are reused after release: trust the shortcut only for the same address.
        IpAddress address = nextHops.address(nh);
        if (id != NONE && singleAddress[id] == address) return id; // same object: the same next hop, hot path
        if (id != NONE && sets[id] != null && sameAddress(sets[id].get(0).address(), address)) return id;
        id = intern(NextHopSet.of(NextHop.of(address)));
        singleByNh[nh] = id;
        singleNh[id] = nh;
        singleAddress[id] = address;
        return id;
    }

    /** The set of these next-hop ids (first {@code n} entries, duplicates allowed). */
    int multi(int[] nhIds, int n) {
        if (n == 1) return single(nhIds[0]);
        NextHop[] hops = new NextHop[n];
        for (int i = 0; i < n; i++) hops[i] = NextHop.of(nextHops.address(nhIds[i]));
        NextHopSet s = NextHopSet.of(hops);
        if (s.size() == 1) return single(nhIds[0]);
        return intern(s);
    }

    private static boolean sameAddress(IpAddress a, IpAddress b) {
        return a == b || a.equals(b); // the same object unless the next-hop id was reused
    }

    private int intern(NextHopSet s) {
        Integer known = index.get(s);
        if (known != null) return known;
        int id = freeCount > 0 ? free[--freeCount] : highWater++;
        if (id >= sets.length) {
            int n = sets.length * 2;
            sets = Arrays.copyOf(sets, n);
            refs = Arrays.copyOf(refs, n);
            singleNh = Arrays.copyOf(singleNh, n);
            singleAddress = Arrays.copyOf(singleAddress, n);
        }
        sets[id] = s;
        refs[id] = 0;
        singleNh[id] = -1;
        singleAddress[id] = null;
        index.put(s, id);
        return id;
    }

    void retain(int id) { if (id != NONE) refs[id]++; }

    void release(int id) {
        if (id == NONE || --refs[id] > 0) return;
        index.remove(sets[id]);
        if (singleNh[id] >= 0 && singleByNh[singleNh[id]] == id) singleByNh[singleNh[id]] = NONE;
        sets[id] = null;
        singleAddress[id] = null;
        if (freeCount == free.length) free = Arrays.copyOf(free, freeCount * 2);
        free[freeCount++] = id;
    }

    NextHopSet get(int id) { return id == NONE ? null : sets[id]; }
}
