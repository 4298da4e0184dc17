package org.jbgpd.rib;

import org.jbgpd.fib.FibPort;
import org.jbgpd.fib.NextHopState;
import org.jbgpd.wire.IpAddress;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The distinct next hops in use, each with an id, a reference count (attribute sets using it) and
 * what the FIB last said about it. The first use of a next hop starts a FIB watch, the last
 * release stops it. A handful of entries, so a HashMap is fine here.
 */
final class NextHopTable {

    private final FibPort fib;
    private final Map<IpAddress, Integer> index = new HashMap<>();
    private IpAddress[] address = new IpAddress[16];
    private int[] refs = new int[16];
    private boolean[] reachable = new boolean[16];
    private long[] cost = new long[16];
    private int[] free = new int[16];
    private int freeCount;
    private int highWater;

    NextHopTable(FibPort fib) { this.fib = fib; }

    int acquire(IpAddress a) {
        Integer known = index.get(a);
        if (known != null) {
            refs[known]++;
            return known;
        }
        int id = freeCount > 0 ? free[--freeCount] : highWater++;
        if (id >= address.length) {
            int n = address.length * 2;
            address = Arrays.copyOf(address, n);
            refs = Arrays.copyOf(refs, n);
            reachable = Arrays.copyOf(reachable, n);
            cost = Arrays.copyOf(cost, n);
        }
        address[id] = a;
        refs[id] = 1;
        reachable[id] = true; // until the FIB answers (ADR 0060)
        cost[id] = 0;
        index.put(a, id);
        fib.watch(a);
        return id;
    }

    void release(int id) {
        if (--refs[id] > 0) return;
        fib.unwatch(address[id]);
        index.remove(address[id]);
        address[id] = null;
        if (freeCount == free.length) free = Arrays.copyOf(free, freeCount * 2);
        free[freeCount++] = id;
    }

    /** Applies an answer; returns the id whose state changed, or -1 (unknown or unchanged). */
    int update(NextHopState s) {
        Integer id = index.get(s.address());
        if (id == null) return -1;
        if (reachable[id] == s.reachable() && cost[id] == s.igpCost()) return -1;
        reachable[id] = s.reachable();
        cost[id] = s.igpCost();
        return id;
    }

    IpAddress address(int id) { return address[id]; }

    boolean reachable(int id) { return id >= 0 && reachable[id]; }

    long cost(int id) { return cost[id]; }

    int idLimit() { return highWater; }
}
