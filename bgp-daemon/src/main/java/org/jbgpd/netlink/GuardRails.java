package org.jbgpd.netlink;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes a BGP peer must never be able to install, whatever it announces: the default route, a
 * route inside one of the gateway's connected networks (its own addresses and its neighbours on
 * the LAN, management path included), and a route to a BGP peer's address more specific than
 * the route that reaches the peer now (it would pull the session into itself). Prefixes listed
 * in {@code allowed} are exempt: that is policy saying so explicitly. Each refused prefix is
 * logged once and every refusal counted. The check allocates nothing for prefixes it lets pass
 * and reads only flat arrays: it runs for every route of a table load, on a thread the launcher
 * compiles with C1 only (no escape analysis), where iterating the peer map cost an iterator per
 * route and about a sixth of fib-sync's user time (ADR 0038).
 */
final class GuardRails {
    private static final Logger LOG = LoggerFactory.getLogger(GuardRails.class);

    private final Set<IpPrefix> allowed;
    private List<IpPrefix> connected = List.of();
    private final Map<IpAddress, Integer> peerCover = new HashMap<>();
    // The same as connected and peerCover, flat, rebuilt when either changes: what reason() reads.
    private int[] connFamily = new int[0];
    private long[] connHi = new long[0];
    private long[] connLo = new long[0];
    private int[] connLength = new int[0];
    private int[] peerFamily = new int[0];
    private long[] peerHi = new long[0];
    private long[] peerLo = new long[0];
    private int[] peerCoverLength = new int[0];
    private final Set<IpPrefix> logged = new HashSet<>();
    private long refusals;

    GuardRails(Set<IpPrefix> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    void connectedNetworks(List<IpPrefix> networks) {
        this.connected = List.copyOf(networks);
        int n = connected.size();
        int[] family = new int[n];
        long[] hi = new long[n];
        long[] lo = new long[n];
        int[] length = new int[n];
        for (int i = 0; i < n; i++) {
            IpPrefix c = connected.get(i);
            family[i] = c.family().ordinal();
            hi[i] = c.address().hi();
            lo[i] = c.address().lo();
            length[i] = c.length();
        }
        connFamily = family;
        connHi = hi;
        connLo = lo;
        connLength = length;
    }

    /** A peer's address and the length of the kernel route that reaches it now (-1: none). */
    void peer(IpAddress address, int coverLength) {
        peerCover.put(address, coverLength);
        flattenPeers();
    }

    void clearPeers() {
        peerCover.clear();
        flattenPeers();
    }

    private void flattenPeers() {
        int n = peerCover.size();
        int[] family = new int[n];
        long[] hi = new long[n];
        long[] lo = new long[n];
        int[] cover = new int[n];
        int i = 0;
        for (Map.Entry<IpAddress, Integer> e : peerCover.entrySet()) {
            family[i] = e.getKey().family().ordinal();
            hi[i] = e.getKey().hi();
            lo[i] = e.getKey().lo();
            cover[i++] = e.getValue();
        }
        peerFamily = family;
        peerHi = hi;
        peerLo = lo;
        peerCoverLength = cover;
    }

    Set<IpAddress> peers() { return Set.copyOf(peerCover.keySet()); }

    long refusals() { return refusals; }

    /** True (after counting and maybe logging) if the route must not be installed. */
    boolean refuses(Family f, long hi, long lo, int length) {
        String why = reason(f, hi, lo, length);
        if (why == null) return false;
        IpPrefix p = new IpPrefix(new IpAddress(f, hi, lo), length);
        if (allowed.contains(p)) return false;
        refusals++;
        if (logged.add(p)) LOG.warn("not installing {}: {} (allow it explicitly in policy if this is intended)", p, why);
        return true;
    }

    /** The same verdict as {@link #refuses}, without counting or logging. */
    boolean wouldRefuse(Family f, long hi, long lo, int length) {
        return reason(f, hi, lo, length) != null && !allowed.contains(new IpPrefix(new IpAddress(f, hi, lo), length));
    }

    List<IpPrefix> connectedNetworks() { return connected; }

    Map<IpAddress, Integer> peerCovers() { return Map.copyOf(peerCover); }

    private String reason(Family f, long hi, long lo, int length) {
        if (length == 0) return "it is the default route";
        int family = f.ordinal();
        int[] cf = connFamily, cl = connLength;
        long[] ch = connHi, clo = connLo;
        for (int i = 0; i < cf.length; i++) {
            if (cf[i] == family && length >= cl[i] && covers(ch[i], clo[i], cl[i], f, hi, lo)) {
                return "it lies inside the connected network " + connected.get(i);
            }
        }
        int[] pf = peerFamily, pc = peerCoverLength;
        long[] ph = peerHi, plo = peerLo;
        for (int i = 0; i < pf.length; i++) {
            if (pf[i] == family && length > pc[i] && covers(hi, lo, length, f, ph[i], plo[i])) {
                return "it would take over the route to BGP peer " + new IpAddress(f, ph[i], plo[i]);
            }
        }
        return null;
    }

    /** Whether the prefix (pHi, pLo)/len contains the address bits (aHi, aLo) of family {@code f}. */
    private static boolean covers(long pHi, long pLo, int len, Family f, long aHi, long aLo) {
        if (f == Family.IPV4_UNICAST) {
            long mask = len == 0 ? 0 : (0xffff_ffffL << (32 - len)) & 0xffff_ffffL;
            return (aHi & mask) == pHi;
        }
        long hiMask = len >= 64 ? -1L : len == 0 ? 0 : -1L << (64 - len);
        long loMask = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
        return (aHi & hiMask) == pHi && (aLo & loMask) == pLo;
    }
}
