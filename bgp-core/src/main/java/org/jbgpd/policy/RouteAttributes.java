package org.jbgpd.policy;

import org.jbgpd.wire.IpAddress;

import java.util.Arrays;
import java.util.Objects;

/**
 * The path attributes of a route, as the engine decides on them and policies match and change
 * them. Immutable and equal by content: the engine interns them, so a million routes that share
 * ten thousand attribute sets hold ten thousand of these. Built once per UPDATE, never per prefix.
 *
 * <p>Absent optional values: {@code med} and {@code localPref} are -1, {@code originatorId} is
 * null, arrays are empty. Communities are kept sorted and without duplicates (their order carries
 * no meaning, RFC 1997), so equal sets compare equal.
 */
public final class RouteAttributes {

    public static final long ABSENT = -1;

    private final Origin origin;
    private final AsPath asPath;
    private final IpAddress nextHop;
    private final IpAddress linkLocalNextHop;
    private final long med;
    private final long localPref;
    private final boolean atomicAggregate;
    private final int[] communities;
    private final LargeCommunity[] largeCommunities;
    private final IpAddress originatorId;
    private final int[] clusterList;
    private final int hash;

    private RouteAttributes(Builder b) {
        this.origin = Objects.requireNonNull(b.origin, "origin");
        this.asPath = Objects.requireNonNull(b.asPath, "asPath");
        this.nextHop = Objects.requireNonNull(b.nextHop, "nextHop");
        this.linkLocalNextHop = b.linkLocalNextHop;
        this.med = b.med;
        this.localPref = b.localPref;
        this.atomicAggregate = b.atomicAggregate;
        this.communities = sortedDistinct(b.communities);
        LargeCommunity[] lc = b.largeCommunities.clone();
        Arrays.sort(lc);
        this.largeCommunities = Arrays.stream(lc).distinct().toArray(LargeCommunity[]::new);
        this.originatorId = b.originatorId;
        this.clusterList = b.clusterList.clone();
        this.hash = Objects.hash(origin, asPath, nextHop, linkLocalNextHop, med, localPref, atomicAggregate, originatorId)
                + 31 * (Arrays.hashCode(communities) + 31 * (Arrays.hashCode(largeCommunities) + 31 * Arrays.hashCode(clusterList)));
    }

    private static int[] sortedDistinct(int[] in) {
        int[] c = in.clone();
        Arrays.sort(c);
        int n = 0;
        for (int i = 0; i < c.length; i++) if (i == 0 || c[i] != c[n - 1]) c[n++] = c[i];
        return n == c.length ? c : Arrays.copyOf(c, n);
    }

    public static Builder builder(IpAddress nextHop) { return new Builder().nextHop(nextHop); }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.origin = origin;
        b.asPath = asPath;
        b.nextHop = nextHop;
        b.linkLocalNextHop = linkLocalNextHop;
        b.med = med;
        b.localPref = localPref;
        b.atomicAggregate = atomicAggregate;
        b.communities = communities;
        b.largeCommunities = largeCommunities;
        b.originatorId = originatorId;
        b.clusterList = clusterList;
        return b;
    }

    public Origin origin() { return origin; }
    public AsPath asPath() { return asPath; }
    public IpAddress nextHop() { return nextHop; }
    /** The IPv6 link-local next hop of MP_REACH (RFC 2545), or null. */
    public IpAddress linkLocalNextHop() { return linkLocalNextHop; }
    public long med() { return med; }
    public boolean hasMed() { return med != ABSENT; }
    public long localPref() { return localPref; }
    public boolean hasLocalPref() { return localPref != ABSENT; }
    public boolean atomicAggregate() { return atomicAggregate; }
    public IpAddress originatorId() { return originatorId; }

    public int communityCount() { return communities.length; }
    public int community(int i) { return communities[i]; }
    public boolean hasCommunity(int c) { return Arrays.binarySearch(communities, c) >= 0; }

    public int largeCommunityCount() { return largeCommunities.length; }
    public LargeCommunity largeCommunity(int i) { return largeCommunities[i]; }
    public boolean hasLargeCommunity(LargeCommunity c) { return Arrays.binarySearch(largeCommunities, c) >= 0; }

    public int clusterListLength() { return clusterList.length; }
    public int clusterId(int i) { return clusterList[i]; }
    public boolean clusterListContains(int clusterId) {
        for (int c : clusterList) if (c == clusterId) return true;
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof RouteAttributes a && a.hash == hash && a.med == med && a.localPref == localPref
                && a.atomicAggregate == atomicAggregate && a.origin == origin && a.asPath.equals(asPath)
                && a.nextHop.equals(nextHop) && Objects.equals(a.linkLocalNextHop, linkLocalNextHop)
                && Objects.equals(a.originatorId, originatorId) && Arrays.equals(a.communities, communities)
                && Arrays.equals(a.largeCommunities, largeCommunities) && Arrays.equals(a.clusterList, clusterList);
    }

    @Override
    public int hashCode() { return hash; }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("nextHop=").append(nextHop);
        if (linkLocalNextHop != null) sb.append('/').append(linkLocalNextHop);
        sb.append(" asPath=[").append(asPath).append("] origin=").append(origin);
        if (hasLocalPref()) sb.append(" localPref=").append(localPref);
        if (hasMed()) sb.append(" med=").append(med);
        if (communities.length > 0) {
            sb.append(" communities=");
            for (int i = 0; i < communities.length; i++) sb.append(i > 0 ? "," : "").append(Communities.format(communities[i]));
        }
        if (largeCommunities.length > 0) sb.append(" largeCommunities=").append(Arrays.toString(largeCommunities));
        if (originatorId != null) sb.append(" originatorId=").append(originatorId);
        if (clusterList.length > 0) {
            sb.append(" clusterList=");
            for (int i = 0; i < clusterList.length; i++) sb.append(i > 0 ? "," : "").append(IpAddress.ofV4(clusterList[i]));
        }
        return sb.toString();
    }

    /** Collects attribute values; not thread-safe. */
    public static final class Builder {
        private Origin origin = Origin.IGP;
        private AsPath asPath = AsPath.EMPTY;
        private IpAddress nextHop;
        private IpAddress linkLocalNextHop;
        private long med = ABSENT;
        private long localPref = ABSENT;
        private boolean atomicAggregate;
        private int[] communities = new int[0];
        private LargeCommunity[] largeCommunities = new LargeCommunity[0];
        private IpAddress originatorId;
        private int[] clusterList = new int[0];

        public Builder origin(Origin v) { origin = v; return this; }
        public Builder asPath(AsPath v) { asPath = v; return this; }
        public Builder nextHop(IpAddress v) { nextHop = v; return this; }
        public Builder linkLocalNextHop(IpAddress v) { linkLocalNextHop = v; return this; }
        public Builder med(long v) { med = v; return this; }
        public Builder localPref(long v) { localPref = v; return this; }
        public Builder atomicAggregate(boolean v) { atomicAggregate = v; return this; }
        public Builder communities(int... v) { communities = v.clone(); return this; }
        public Builder largeCommunities(LargeCommunity... v) { largeCommunities = v.clone(); return this; }
        public Builder originatorId(IpAddress v) { originatorId = v; return this; }
        /** Cluster ids as IPv4-style 32-bit numbers, in wire order (first = last reflector). */
        public Builder clusterList(int... v) { clusterList = v.clone(); return this; }

        public Builder addCommunities(int... more) {
            int[] c = Arrays.copyOf(communities, communities.length + more.length);
            System.arraycopy(more, 0, c, communities.length, more.length);
            communities = c;
            return this;
        }

        public Builder addLargeCommunities(LargeCommunity... more) {
            LargeCommunity[] c = Arrays.copyOf(largeCommunities, largeCommunities.length + more.length);
            System.arraycopy(more, 0, c, largeCommunities.length, more.length);
            largeCommunities = c;
            return this;
        }

        public RouteAttributes build() { return new RouteAttributes(this); }
    }
}
