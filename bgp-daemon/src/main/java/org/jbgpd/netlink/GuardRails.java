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
 * logged once and every refusal counted. The check allocates nothing for prefixes it lets pass.
 */
final class GuardRails {
    private static final Logger LOG = LoggerFactory.getLogger(GuardRails.class);

    private final Set<IpPrefix> allowed;
    private List<IpPrefix> connected = List.of();
    private final Map<IpAddress, Integer> peerCover = new HashMap<>();
    private final Set<IpPrefix> logged = new HashSet<>();
    private long refusals;

    GuardRails(Set<IpPrefix> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    void connectedNetworks(List<IpPrefix> networks) {
        this.connected = List.copyOf(networks);
    }

    /** A peer's address and the length of the kernel route that reaches it now (-1: none). */
    void peer(IpAddress address, int coverLength) {
        peerCover.put(address, coverLength);
    }

    void clearPeers() {
        peerCover.clear();
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
        for (int i = 0; i < connected.size(); i++) {
            IpPrefix c = connected.get(i);
            if (c.family() == f && length >= c.length() && covers(c.address().hi(), c.address().lo(), c.length(), f, hi, lo)) {
                return "it lies inside the connected network " + c;
            }
        }
        for (Map.Entry<IpAddress, Integer> e : peerCover.entrySet()) {
            IpAddress peer = e.getKey();
            if (peer.family() == f && length > e.getValue() && covers(hi, lo, length, f, peer.hi(), peer.lo())) {
                return "it would take over the route to BGP peer " + peer;
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
