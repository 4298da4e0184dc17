package org.jbgpd.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The path attributes of one UPDATE, decoded: one immutable object per UPDATE that the RIB can
 * intern, because {@link #equals} and {@link #hashCode} cover the whole content (identical sets
 * from thousands of UPDATEs become one object).
 *
 * <p>Absent attributes are null (or -1 for MED and LOCAL_PREF, whose values are unsigned 32-bit
 * and therefore held in a long). AS numbers are always 4-octet: AS4_PATH and AS4_AGGREGATOR are
 * merged by the decoder (RFC 6793) and do not appear here. MP_REACH_NLRI contributes only its next
 * hop ({@link #mpNextHop()}); its prefixes and MP_UNREACH_NLRI's live in the {@link Update}.
 * Attributes jbgpd does not interpret are kept as {@link RawAttribute}s in arrival order; so are
 * MP_REACH_NLRI and MP_UNREACH_NLRI of families jbgpd does not route.
 *
 * <p>Build with {@link #builder()}; the array accessors return copies, the indexed ones do not
 * allocate.
 */
public final class PathAttributes {

    // Attribute type codes (IANA "BGP Path Attributes")
    public static final int ORIGIN = 1;
    public static final int AS_PATH = 2;
    public static final int NEXT_HOP = 3;
    public static final int MULTI_EXIT_DISC = 4;
    public static final int LOCAL_PREF = 5;
    public static final int ATOMIC_AGGREGATE = 6;
    public static final int AGGREGATOR = 7;
    public static final int COMMUNITIES = 8;
    public static final int ORIGINATOR_ID = 9;
    public static final int CLUSTER_LIST = 10;
    public static final int MP_REACH_NLRI = 14;
    public static final int MP_UNREACH_NLRI = 15;
    public static final int EXTENDED_COMMUNITIES = 16;
    public static final int AS4_PATH = 17;
    public static final int AS4_AGGREGATOR = 18;
    public static final int LARGE_COMMUNITY = 32;

    // Well-known communities (RFC 1997, RFC 8326)
    public static final int NO_EXPORT = 0xFFFFFF01;
    public static final int NO_ADVERTISE = 0xFFFFFF02;
    public static final int NO_EXPORT_SUBCONFED = 0xFFFFFF03;
    public static final int GRACEFUL_SHUTDOWN = 0xFFFF0000;
    public static final int LLGR_STALE = 0xFFFF0006;
    public static final int NO_LLGR = 0xFFFF0007;

    private final Origin origin;
    private final AsPath asPath;
    private final IpAddress nextHop;
    private final long med;
    private final long localPref;
    private final boolean atomicAggregate;
    private final Aggregator aggregator;
    private final int[] communities;
    private final IpAddress originatorId;
    private final int[] clusterList;
    private final long[] extendedCommunities;
    private final int[] largeCommunities;
    private final MpNextHop mpNextHop;
    private final List<RawAttribute> unknown;
    private int hash;
    /**
     * Where an interning table last put this very object (the route engine's attribute pool id), or -1: a hint the
     * table checks by identity before it trusts it, so a stale or foreign hint costs a normal lookup, never a wrong
     * answer. A session hands the engine the same instance for every UPDATE that repeats a set (ADR 0093), and the
     * hint spares the pool's hash probe, a cache miss per UPDATE in a 125k-set pool (ADR 0121). Not part of the value.
     */
    private int internHint = -1;

    private PathAttributes(Builder b) {
        this.origin = b.origin;
        this.asPath = b.asPath;
        this.nextHop = b.nextHop;
        this.med = b.med;
        this.localPref = b.localPref;
        this.atomicAggregate = b.atomicAggregate;
        this.aggregator = b.aggregator;
        this.communities = b.communities;
        this.originatorId = b.originatorId;
        this.clusterList = b.clusterList;
        this.extendedCommunities = b.extendedCommunities;
        this.largeCommunities = b.largeCommunities;
        this.mpNextHop = b.mpNextHop;
        this.unknown = b.unknown == null ? List.of() : List.copyOf(b.unknown);
    }

    public static Builder builder() { return new Builder(); }

    /** A builder holding this object's content, to derive a changed copy (e.g. on export). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.origin = origin;
        b.asPath = asPath;
        b.nextHop = nextHop;
        b.med = med;
        b.localPref = localPref;
        b.atomicAggregate = atomicAggregate;
        b.aggregator = aggregator;
        b.communities = communities;
        b.originatorId = originatorId;
        b.clusterList = clusterList;
        b.extendedCommunities = extendedCommunities;
        b.largeCommunities = largeCommunities;
        b.mpNextHop = mpNextHop;
        b.unknown = new ArrayList<>(unknown);
        return b;
    }

    public Origin origin() { return origin; }

    public AsPath asPath() { return asPath; }

    /** NEXT_HOP (the IPv4 next hop of conventional NLRI), or null. */
    public IpAddress nextHop() { return nextHop; }

    /** MULTI_EXIT_DISC as unsigned 32-bit, or -1 when absent. */
    public long med() { return med; }

    public boolean hasMed() { return med >= 0; }

    /** LOCAL_PREF as unsigned 32-bit (Calico sends 2147482623), or -1 when absent. */
    public long localPref() { return localPref; }

    public boolean hasLocalPref() { return localPref >= 0; }

    public boolean atomicAggregate() { return atomicAggregate; }

    public Aggregator aggregator() { return aggregator; }

    public boolean hasCommunities() { return communities != null; }

    public int communityCount() { return communities == null ? 0 : communities.length; }

    /** Community {@code i} as its 32-bit value (AS in the high 16 bits). */
    public int community(int i) { return communities[i]; }

    /** A copy of COMMUNITIES, or null when absent. */
    public int[] communities() { return communities == null ? null : communities.clone(); }

    public boolean hasCommunity(int community) {
        if (communities != null) for (int c : communities) if (c == community) return true;
        return false;
    }

    public IpAddress originatorId() { return originatorId; }

    /** A copy of CLUSTER_LIST (cluster ids as ints), or null when absent. */
    public int[] clusterList() { return clusterList == null ? null : clusterList.clone(); }

    public boolean clusterListContains(int clusterId) {
        if (clusterList != null) for (int c : clusterList) if (c == clusterId) return true;
        return false;
    }

    public int clusterListLength() { return clusterList == null ? 0 : clusterList.length; }

    /** Cluster id {@code i} of CLUSTER_LIST, without the copy {@link #clusterList()} makes (the decoder's flyweight compare). */
    int clusterId(int i) { return clusterList[i]; }

    public boolean hasExtendedCommunities() { return extendedCommunities != null; }

    public int extendedCommunityCount() { return extendedCommunities == null ? 0 : extendedCommunities.length; }

    public long extendedCommunity(int i) { return extendedCommunities[i]; }

    /** A copy of EXTENDED_COMMUNITIES (8 octets each, big-endian in a long), or null when absent. */
    public long[] extendedCommunities() { return extendedCommunities == null ? null : extendedCommunities.clone(); }

    public boolean hasLargeCommunities() { return largeCommunities != null; }

    /** Number of large communities (each is three ints: global admin, local data 1, local data 2). */
    public int largeCommunityCount() { return largeCommunities == null ? 0 : largeCommunities.length / 3; }

    /** Part {@code part} (0..2) of large community {@code i}, unsigned 32-bit. */
    public long largeCommunity(int i, int part) { return largeCommunities[3 * i + part] & 0xffff_ffffL; }

    /** A copy of LARGE_COMMUNITY as consecutive triples, or null when absent. */
    public int[] largeCommunities() { return largeCommunities == null ? null : largeCommunities.clone(); }

    /** The next hop carried in MP_REACH_NLRI, or null when the UPDATE had none. */
    public MpNextHop mpNextHop() { return mpNextHop; }

    /** Attributes jbgpd does not interpret, in arrival order (raw MP_REACH/MP_UNREACH of other families first). */
    public List<RawAttribute> unknown() { return unknown; }

    /**
     * The attributes as they are passed on to another peer (RFC 4271 §5, §9.1.3): unrecognised
     * non-transitive attributes dropped, unrecognised optional transitive ones marked Partial.
     */
    public PathAttributes passedOn() {
        boolean change = false;
        for (RawAttribute r : unknown) if (!r.transitive() || !r.partial()) change = true;
        if (!change) return this;
        Builder b = toBuilder();
        b.unknown.clear();
        for (RawAttribute r : unknown) if (r.optional() && r.transitive()) b.unknown.add(r.withPartial());
        return b.build();
    }

    /** True when no attribute at all is present (what a pure withdrawal carries). */
    public boolean isEmpty() {
        return origin == null && asPath == null && nextHop == null && med < 0 && localPref < 0 && !atomicAggregate
                && aggregator == null && communities == null && originatorId == null && clusterList == null
                && extendedCommunities == null && largeCommunities == null && mpNextHop == null && unknown.isEmpty();
    }

    /** True for the type codes this class (or the UPDATE around it) interprets; only others are kept raw. */
    public static boolean isInterpreted(int code) {
        return (code >= ORIGIN && code <= CLUSTER_LIST) || (code >= MP_REACH_NLRI && code <= AS4_AGGREGATOR) || code == LARGE_COMMUNITY;
    }

    /**
     * MP_REACH_NLRI / MP_UNREACH_NLRI: kept raw in {@link #unknown()} when their AFI/SAFI is not
     * a {@link Family} (e.g. IPv4 multicast in old RIS dumps); {@link Nlri#read} parses their
     * prefixes if anyone needs them. Never passed on: they are non-transitive.
     */
    static boolean isMultiprotocol(int code) {
        return code == MP_REACH_NLRI || code == MP_UNREACH_NLRI;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof PathAttributes p) || p.hashCode() != hashCode()) return false;
        return origin == p.origin && med == p.med && localPref == p.localPref && atomicAggregate == p.atomicAggregate
                && Objects.equals(asPath, p.asPath) && Objects.equals(nextHop, p.nextHop)
                && Objects.equals(aggregator, p.aggregator) && Arrays.equals(communities, p.communities)
                && Objects.equals(originatorId, p.originatorId) && Arrays.equals(clusterList, p.clusterList)
                && Arrays.equals(extendedCommunities, p.extendedCommunities) && Arrays.equals(largeCommunities, p.largeCommunities)
                && Objects.equals(mpNextHop, p.mpNextHop) && unknown.equals(p.unknown);
    }

    /** The {@link #internHint} an interning table left here, or -1. */
    public int internHint() { return internHint; }

    /** Leaves an interning table's slot for this object (checked by identity on use: see {@link #internHint}). */
    public void internHint(int slot) { internHint = slot; }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hashCode(origin);
            h = h * 31 + Objects.hashCode(asPath);
            h = h * 31 + Objects.hashCode(nextHop);
            h = h * 31 + Long.hashCode(med);
            h = h * 31 + Long.hashCode(localPref);
            h = h * 31 + (atomicAggregate ? 1 : 0);
            h = h * 31 + Objects.hashCode(aggregator);
            h = h * 31 + Arrays.hashCode(communities);
            h = h * 31 + Objects.hashCode(originatorId);
            h = h * 31 + Arrays.hashCode(clusterList);
            h = h * 31 + Arrays.hashCode(extendedCommunities);
            h = h * 31 + Arrays.hashCode(largeCommunities);
            h = h * 31 + Objects.hashCode(mpNextHop);
            h = h * 31 + unknown.hashCode();
            if (h == 0) h = 1;
            hash = h; // racy but benign: every thread computes the same value
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PathAttributes[");
        if (origin != null) sb.append("origin=").append(origin).append(", ");
        if (asPath != null) sb.append("asPath=").append(asPath).append(", ");
        if (nextHop != null) sb.append("nextHop=").append(nextHop).append(", ");
        if (mpNextHop != null) sb.append("mpNextHop=").append(mpNextHop.global()).append(mpNextHop.linkLocal() == null ? "" : " " + mpNextHop.linkLocal()).append(", ");
        if (med >= 0) sb.append("med=").append(med).append(", ");
        if (localPref >= 0) sb.append("localPref=").append(localPref).append(", ");
        if (atomicAggregate) sb.append("atomicAggregate, ");
        if (aggregator != null) sb.append("aggregator=").append(aggregator.asNumber()).append(' ').append(aggregator.address()).append(", ");
        if (communities != null) {
            sb.append("communities=[");
            for (int i = 0; i < communities.length; i++) sb.append(i > 0 ? " " : "").append(communities[i] >>> 16).append(':').append(communities[i] & 0xffff);
            sb.append("], ");
        }
        if (originatorId != null) sb.append("originatorId=").append(originatorId).append(", ");
        if (clusterList != null) {
            sb.append("clusterList=[");
            for (int i = 0; i < clusterList.length; i++) sb.append(i > 0 ? " " : "").append(IpAddress.ofV4(clusterList[i]));
            sb.append("], ");
        }
        if (extendedCommunities != null) {
            sb.append("extendedCommunities=[");
            for (int i = 0; i < extendedCommunities.length; i++) sb.append(i > 0 ? " " : "").append(String.format("%016x", extendedCommunities[i]));
            sb.append("], ");
        }
        if (largeCommunities != null) {
            sb.append("largeCommunities=[");
            for (int i = 0; i < largeCommunities.length; i += 3) {
                sb.append(i > 0 ? " " : "").append(Integer.toUnsignedString(largeCommunities[i])).append(':')
                        .append(Integer.toUnsignedString(largeCommunities[i + 1])).append(':').append(Integer.toUnsignedString(largeCommunities[i + 2]));
            }
            sb.append("], ");
        }
        for (RawAttribute r : unknown) sb.append(r).append(", ");
        if (sb.charAt(sb.length() - 1) == ' ') sb.setLength(sb.length() - 2);
        return sb.append(']').toString();
    }

    /** Collects attribute values; {@link #build()} makes the immutable object. Not thread-safe. */
    public static final class Builder {
        private Origin origin;
        private AsPath asPath;
        private IpAddress nextHop;
        private long med = -1;
        private long localPref = -1;
        private boolean atomicAggregate;
        private Aggregator aggregator;
        private int[] communities;
        private IpAddress originatorId;
        private int[] clusterList;
        private long[] extendedCommunities;
        private int[] largeCommunities;
        private MpNextHop mpNextHop;
        private List<RawAttribute> unknown;

        private Builder() {}

        public Builder origin(Origin v) { origin = v; return this; }

        public Builder asPath(AsPath v) { asPath = v; return this; }

        public Builder nextHop(IpAddress v) {
            if (v != null && !v.isV4()) throw new IllegalArgumentException("NEXT_HOP is IPv4; IPv6 next hops go in MP_REACH_NLRI");
            nextHop = v;
            return this;
        }

        /** Unsigned 32-bit, or -1 to remove. */
        public Builder med(long v) { med = checkedU32OrAbsent(v); return this; }

        /** Unsigned 32-bit, or -1 to remove. */
        public Builder localPref(long v) { localPref = checkedU32OrAbsent(v); return this; }

        public Builder atomicAggregate(boolean v) { atomicAggregate = v; return this; }

        public Builder aggregator(Aggregator v) { aggregator = v; return this; }

        /** Copies; null or empty removes the attribute (it cannot be empty on the wire). */
        public Builder communities(int... v) { communities = v == null || v.length == 0 ? null : v.clone(); return this; }

        Builder communitiesOwned(int[] v) { communities = v; return this; }

        public Builder originatorId(IpAddress v) {
            if (v != null && !v.isV4()) throw new IllegalArgumentException("ORIGINATOR_ID is a 4-octet router id");
            originatorId = v;
            return this;
        }

        /** Copies; null or empty removes the attribute (it cannot be empty on the wire). */
        public Builder clusterList(int... v) { clusterList = v == null || v.length == 0 ? null : v.clone(); return this; }

        Builder clusterListOwned(int[] v) { clusterList = v; return this; }

        /** Copies; null or empty removes the attribute (it cannot be empty on the wire). */
        public Builder extendedCommunities(long... v) { extendedCommunities = v == null || v.length == 0 ? null : v.clone(); return this; }

        Builder extendedCommunitiesOwned(long[] v) { extendedCommunities = v; return this; }

        /** Consecutive triples (global admin, local 1, local 2); copies; null removes the attribute. */
        public Builder largeCommunities(int... v) {
            if (v != null && v.length % 3 != 0) throw new IllegalArgumentException("large communities come in triples");
            largeCommunities = v == null || v.length == 0 ? null : v.clone();
            return this;
        }

        Builder largeCommunitiesOwned(int[] v) { largeCommunities = v; return this; }

        public Builder mpNextHop(MpNextHop v) { mpNextHop = v; return this; }

        /** Adds an uninterpreted attribute (after those already added). */
        public Builder addUnknown(RawAttribute v) {
            if (isInterpreted(v.code()) && !isMultiprotocol(v.code())) {
                throw new IllegalArgumentException("attribute " + v.code() + " has its own field; it cannot be kept raw");
            }
            if (unknown == null) unknown = new ArrayList<>(2);
            if (isMultiprotocol(v.code())) {
                // Raw MP attributes go first, as the encoder sends them: keeps decode(encode(x)) == x.
                int i = 0;
                while (i < unknown.size() && isMultiprotocol(unknown.get(i).code())) i++;
                unknown.add(i, v);
            } else {
                unknown.add(v);
            }
            return this;
        }

        public PathAttributes build() { return new PathAttributes(this); }

        /** Back to empty, for the decoder's reused builder (build() copies what it keeps, so nothing is shared). */
        void clear() {
            origin = null;
            asPath = null;
            nextHop = null;
            med = -1;
            localPref = -1;
            atomicAggregate = false;
            aggregator = null;
            communities = null;
            originatorId = null;
            clusterList = null;
            extendedCommunities = null;
            largeCommunities = null;
            mpNextHop = null;
            unknown = null;
        }

        private static long checkedU32OrAbsent(long v) {
            if (v != -1 && (v & ~0xffff_ffffL) != 0) throw new IllegalArgumentException("not an unsigned 32-bit value: " + v);
            return v;
        }
    }
}
