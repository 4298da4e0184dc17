package org.jbgpd.netlink;

import org.jbgpd.fib.NextHopSet;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Small int ids for the distinct next-hop sets of the wanted routes, counted per route, so that
 * the wanted table stores an int per prefix instead of a reference (ADR 0034). A full table has a
 * handful of distinct sets (one per next-hop combination, not per attribute set); an id is freed
 * when the last route using it goes, and reused.
 *
 * <p>Ids are 1 to {@link PrefixMap#MAX_VALUE}; per id the fib-sync thread also caches the set's
 * resolution, so the hot path finds it with an array index instead of a hash lookup. Not
 * thread-safe.
 */
final class NextHopSetIds {
    private final Map<NextHopSet, Integer> ids = new HashMap<>();
    private NextHopSet[] sets = new NextHopSet[16];
    private int[] routes = new int[16];
    private Resolution[] resolutions = new Resolution[16];
    // Per id: the kernel nexthop object its resolution goes through (ADR 0091); 0 not yet asked, -1 none.
    private int[] objects = new int[16];
    private int[] free = new int[16];
    private int freeCount;
    private int next = 1;
    // The last set asked for: batches name the same set for thousands of prefixes in a row.
    private NextHopSet lastSet;
    private int lastId;

    /** The id of {@code set}, counting one more route that uses it. */
    int acquire(NextHopSet set) {
        int id;
        if (set == lastSet) {
            id = lastId;
        } else {
            Integer known = ids.get(set);
            id = known != null ? known : newId(set);
            lastSet = set;
            lastId = id;
        }
        routes[id]++;
        return id;
    }

    /** One route no longer uses {@code id}; the last one frees it (then true). */
    boolean release(int id) {
        if (--routes[id] > 0) return false;
        NextHopSet set = sets[id];
        ids.remove(set);
        sets[id] = null;
        resolutions[id] = null;
        objects[id] = 0;
        if (lastId == id) {
            lastSet = null;
            lastId = 0;
        }
        if (freeCount == free.length) free = Arrays.copyOf(free, freeCount * 2);
        free[freeCount++] = id;
        return true;
    }

    NextHopSet set(int id) { return sets[id]; }

    /** The cached resolution of the set with this id, or null when not resolved since the last {@link #forgetResolutions}. */
    Resolution resolution(int id) { return resolutions[id]; }

    void resolution(int id, Resolution r) { resolutions[id] = r; }

    /** Drops every cached resolution (links, addresses or routes changed), and with them the objects. */
    void forgetResolutions() {
        Arrays.fill(resolutions, null);
        forgetObjects();
    }

    /** The cached nexthop object of the set with this id: above 0 its id, -1 none (gateways in the route), 0 not yet asked. */
    int object(int id) { return objects[id]; }

    void object(int id, int object) { objects[id] = object; }

    /** Drops every cached nexthop object (ours changed in the kernel). */
    void forgetObjects() { Arrays.fill(objects, 0); }

    /** The largest id handed out so far plus one: ids below it with a non-null {@link #set} are in use. */
    int limit() { return next; }

    /** Distinct sets in use. */
    int size() { return ids.size(); }

    private int newId(NextHopSet set) {
        int id;
        if (freeCount > 0) {
            id = free[--freeCount];
        } else {
            if (next > PrefixMap.MAX_VALUE) throw new IllegalStateException("more than " + PrefixMap.MAX_VALUE + " distinct next-hop sets");
            id = next++;
            if (id == sets.length) {
                int n = sets.length * 2;
                sets = Arrays.copyOf(sets, n);
                routes = Arrays.copyOf(routes, n);
                resolutions = Arrays.copyOf(resolutions, n);
                objects = Arrays.copyOf(objects, n);
            }
        }
        sets[id] = set;
        routes[id] = 0;
        objects[id] = 0;
        ids.put(set, id);
        return id;
    }
}
