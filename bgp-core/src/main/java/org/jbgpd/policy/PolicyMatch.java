package org.jbgpd.policy;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import org.jbgpd.wire.PathAttributes;

import java.util.List;

/**
 * The conditions of one rule; every condition given must hold, a missing (null/empty) one always
 * holds.
 *
 * @param prefix           the route must lie inside this prefix ...
 * @param minLength        ... with a length of at least this (default: the prefix's length) ...
 * @param maxLength        ... and at most this (default: the prefix's length, i.e. exact match)
 * @param family           the route's address family
 * @param communities      the route must carry every one of these RFC 1997 communities
 * @param largeCommunities the route must carry every one of these RFC 8092 large communities
 * @param peer             the peer's configured name or its address as text
 */
public record PolicyMatch(IpPrefix prefix, Integer minLength, Integer maxLength, Family family,
                          List<Integer> communities, List<LargeCommunity> largeCommunities, String peer) {

    public static final PolicyMatch ANY = new PolicyMatch(null, null, null, null, List.of(), List.of(), null);

    public PolicyMatch {
        communities = communities == null ? List.of() : List.copyOf(communities);
        largeCommunities = largeCommunities == null ? List.of() : List.copyOf(largeCommunities);
        if (prefix == null && (minLength != null || maxLength != null)) {
            throw new IllegalArgumentException("minLength/maxLength need a prefix");
        }
        if (prefix != null) {
            int bits = prefix.family().addressBits();
            int min = minLength != null ? minLength : prefix.length();
            int max = maxLength != null ? maxLength : Math.max(prefix.length(), min);
            if (min < prefix.length() || max > bits || min > max) {
                throw new IllegalArgumentException("length range " + min + ".." + max + " does not fit " + prefix
                        + " (need " + prefix.length() + " <= minLength <= maxLength <= " + bits + ")");
            }
            if (family != null && family != prefix.family()) throw new IllegalArgumentException(prefix + " is not " + family.configName());
        }
    }

    public static PolicyMatch prefix(IpPrefix prefix, Integer minLength, Integer maxLength) {
        return new PolicyMatch(prefix, minLength, maxLength, null, List.of(), List.of(), null);
    }

    /** Tests the route; the prefix comes as primitives so that the hot path allocates nothing. */
    public boolean matches(Family f, long hi, long lo, int length, PathAttributes attrs, PeerFacts from) {
        if (family != null && family != f) return false;
        if (prefix != null && !prefixMatches(f, hi, lo, length)) return false;
        for (int i = 0; i < communities.size(); i++) if (!attrs.hasCommunity(communities.get(i))) return false;
        for (int i = 0; i < largeCommunities.size(); i++) if (!largeCommunities.get(i).in(attrs)) return false;
        if (peer != null && !peer.equals(from.name()) && !peer.equals(from.address().toString())) return false;
        return true;
    }

    private boolean prefixMatches(Family f, long hi, long lo, int length) {
        if (f != prefix.family()) return false;
        int min = minLength != null ? minLength : prefix.length();
        int max = maxLength != null ? maxLength : Math.max(prefix.length(), min);
        if (length < min || length > max) return false;
        IpAddress a = prefix.address();
        int bits = prefix.length();
        if (f == Family.IPV4_UNICAST) {
            long mask = bits == 0 ? 0 : (0xffff_ffffL << (32 - bits)) & 0xffff_ffffL;
            return (hi & mask) == a.hi();
        }
        long hiMask = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
        long loMask = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
        return (hi & hiMask) == a.hi() && (lo & loMask) == a.lo();
    }
}
