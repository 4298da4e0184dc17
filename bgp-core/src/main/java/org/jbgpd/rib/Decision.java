package org.jbgpd.rib;

/**
 * The decision process of RFC 4271 §9.1 with the route-reflection tie-breakers of RFC 4456, run
 * as successive eliminations over the candidate paths of one prefix (so that MED, which compares
 * only paths from the same neighbouring AS, needs no total order):
 * <ol>
 *   <li>without LLGR_STALE over with it (RFC 9494 §4.3: a long-lived stale route is least preferred)</li>
 *   <li>highest LOCAL_PREF (100 when absent)</li>
 *   <li>shortest AS_PATH (an AS_SET counts one, confederation segments nothing)</li>
 *   <li>lowest ORIGIN</li>
 *   <li>lowest MED among paths from the same neighbouring AS (missing = 0)</li>
 *   <li>eBGP-learned over iBGP-learned</li>
 *   <li>lowest IGP cost to the next hop</li>
 *   <li>(the paths left now are the multipath set)</li>
 *   <li>shortest CLUSTER_LIST</li>
 *   <li>lowest ORIGINATOR_ID, or the peer's router id when absent</li>
 *   <li>lowest peer address, then lowest add-path id</li>
 * </ol>
 * Candidates are paths accepted by policy whose next hop is reachable. Scratch arrays are reused:
 * one instance per engine, engine thread only.
 */
final class Decision {

    private final AttributePool attrs;
    private final NextHopTable nextHops;
    private PeerState[] peers;
    private int[] cand = new int[64];
    private int[] multipath = new int[64];
    private int multipathCount;

    Decision(AttributePool attrs, NextHopTable nextHops) {
        this.attrs = attrs;
        this.nextHops = nextHops;
    }

    void peers(PeerState[] bySlot) { this.peers = bySlot; }

    /** Runs the decision for one prefix; returns the best path (a {@link PathStore} handle) or NIL. Multipath handles follow. */
    int decide(PathStore paths, int head) {
        int n = 0;
        for (int p = head; p != PathStore.NIL; p = paths.next(p)) {
            int a = paths.eff(p);
            if (a < 0 || !nextHops.reachable(attrs.nextHop(a))) continue;
            if (n == cand.length) {
                cand = java.util.Arrays.copyOf(cand, n * 2);
                multipath = new int[n * 2];
            }
            cand[n++] = p;
        }
        multipathCount = 0;
        if (n == 0) return PathStore.NIL;
        if (n > 1) {
            n = dropLlgrStaleIfOthers(paths, n);
            n = keepMaxLocalPref(paths, n);
            n = keepMin(paths, n, Key.AS_PATH_LENGTH);
            n = keepMin(paths, n, Key.ORIGIN);
            n = dropWorseMed(paths, n);
            n = keepEbgpIfAny(paths, n);
            n = keepMin(paths, n, Key.IGP_COST);
        }
        System.arraycopy(cand, 0, multipath, 0, n);
        multipathCount = n;
        if (n > 1) {
            n = keepMin(paths, n, Key.CLUSTER_LIST_LENGTH);
            n = keepMin(paths, n, Key.ORIGINATOR_OR_ROUTER_ID);
            n = keepLowestPeerAddress(paths, n);
            n = keepMin(paths, n, Key.PATH_ID);
        }
        return cand[0];
    }

    /** Paths equal to the best up to the IGP-cost step (the best among them), after {@link #decide}. */
    int multipathCount() { return multipathCount; }

    int multipath(int i) { return multipath[i]; }

    private enum Key { AS_PATH_LENGTH, ORIGIN, IGP_COST, CLUSTER_LIST_LENGTH, ORIGINATOR_OR_ROUTER_ID, PATH_ID }

    private long key(PathStore paths, int p, Key k) {
        int a = paths.eff(p);
        return switch (k) {
            case AS_PATH_LENGTH -> attrs.asPathLength(a);
            case ORIGIN -> attrs.origin(a);
            case IGP_COST -> nextHops.cost(attrs.nextHop(a));
            case CLUSTER_LIST_LENGTH -> attrs.clusterListLength(a);
            case ORIGINATOR_OR_ROUTER_ID -> {
                long o = attrs.originatorId(a);
                yield o >= 0 ? o : peers[paths.peer(p)].routerId;
            }
            case PATH_ID -> paths.pathId(p) & 0xffff_ffffL;
        };
    }

    private int dropLlgrStaleIfOthers(PathStore paths, int n) {
        int m = 0;
        for (int i = 0; i < n; i++) if (!attrs.llgrStale(paths.eff(cand[i]))) cand[m++] = cand[i];
        return m == 0 ? n : m; // all stale (nothing was moved): compare them by the usual rules
    }

    private int keepMaxLocalPref(PathStore paths, int n) {
        long best = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) best = Math.max(best, attrs.localPref(paths.eff(cand[i])));
        int m = 0;
        for (int i = 0; i < n; i++) if (attrs.localPref(paths.eff(cand[i])) == best) cand[m++] = cand[i];
        return m;
    }

    private final long[] keys = new long[64];

    private int keepMin(PathStore paths, int n, Key k) {
        long[] kv = n <= keys.length ? keys : new long[n];
        long best = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            long v = key(paths, cand[i], k); // once per path: the switch and the array reads are the cost
            kv[i] = v;
            if (v < best) best = v;
        }
        int m = 0;
        for (int i = 0; i < n; i++) if (kv[i] == best) cand[m++] = cand[i];
        return m;
    }

    private int dropWorseMed(PathStore paths, int n) {
        int m = 0;
        outer:
        for (int i = 0; i < n; i++) {
            int ai = paths.eff(cand[i]);
            for (int j = 0; j < n; j++) {
                int aj = paths.eff(cand[j]);
                if (attrs.neighborAs(aj) == attrs.neighborAs(ai) && attrs.med(aj) < attrs.med(ai)) continue outer;
            }
            multipath[m++] = cand[i]; // multipath doubles as scratch here
        }
        System.arraycopy(multipath, 0, cand, 0, m);
        return m;
    }

    private int keepEbgpIfAny(PathStore paths, int n) {
        boolean any = false;
        for (int i = 0; i < n; i++) any |= peers[paths.peer(cand[i])].ebgp;
        if (!any) return n;
        int m = 0;
        for (int i = 0; i < n; i++) if (peers[paths.peer(cand[i])].ebgp) cand[m++] = cand[i];
        return m;
    }

    /** Peers have distinct addresses, so this keeps the paths of one peer: compare each other peer once. */
    private int keepLowestPeerAddress(PathStore paths, int n) {
        int bestSlot = paths.peer(cand[0]);
        for (int i = 1; i < n; i++) {
            int slot = paths.peer(cand[i]);
            if (slot != bestSlot && peers[slot].address.compareTo(peers[bestSlot].address) < 0) bestSlot = slot;
        }
        int m = 0;
        for (int i = 0; i < n; i++) if (paths.peer(cand[i]) == bestSlot) cand[m++] = cand[i];
        return m;
    }
}
