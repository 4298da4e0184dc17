package org.jbgpd.bench.rib;

import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.MpNextHop;
import org.jbgpd.wire.Origin;
import org.jbgpd.wire.PathAttributes;
import org.jbgpd.wire.PrefixBatch;
import org.jbgpd.wire.Update;

import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic full-table UPDATEs, as a route reflector would send them: N distinct prefixes spread
 * over a given number of distinct attribute sets (AS paths of 2-5 hops, a community, MED on some),
 * {@code prefixesPerUpdate} prefixes per UPDATE. Reflector {@code rr} (1 or 2) adds its cluster
 * id, as two reflectors reflecting the same routes do. UPDATEs are made on demand, one chunk at a
 * time, so that the feed itself holds no memory while the RIB is measured.
 */
final class FullTableFeed {

    private final Family family;
    private final int prefixes;
    private final int attributeSets;
    private final int prefixesPerUpdate;
    private final int setOffset;
    /** When not null, every UPDATE of a set carries the same object, as a session hands on a set it knows (ADR 0093). */
    private PathAttributes[] shared;

    FullTableFeed(Family family, int prefixes, int attributeSets, int prefixesPerUpdate) {
        this(family, prefixes, attributeSets, prefixesPerUpdate, 0);
    }

    /** This feed with one attribute object per set, shared by all the UPDATEs that carry it (BIRD 2 through a session). */
    FullTableFeed sharingSets() {
        shared = new PathAttributes[attributeSets];
        return this;
    }

    /**
     * @param setOffset shifts which attribute set each UPDATE gets: a feed with another offset
     *                  announces the same prefixes with different attributes (every route changes)
     */
    FullTableFeed(Family family, int prefixes, int attributeSets, int prefixesPerUpdate, int setOffset) {
        this.family = family;
        this.prefixes = prefixes;
        this.attributeSets = attributeSets;
        this.prefixesPerUpdate = prefixesPerUpdate;
        this.setOffset = setOffset;
    }

    @Override
    public String toString() { return String.format("%,d %s prefixes", prefixes, family.configName()); }

    int prefixCount() { return prefixes; }

    int updateCount() { return (prefixes + prefixesPerUpdate - 1) / prefixesPerUpdate; }

    /** UPDATEs [from, to) of the feed for reflector {@code rr}. */
    List<Update> chunk(int rr, int from, int to) {
        List<Update> out = new ArrayList<>(to - from);
        for (int u = from; u < to; u++) out.add(announce(rr, u));
        return out;
    }

    /** The withdrawals matching UPDATE {@code u}. */
    Update withdraw(int u) { return Update.withdraw(prefixes(u)); }

    private Update announce(int rr, int u) {
        int set = (u + setOffset) % attributeSets;
        if (shared == null) return Update.announce(attributes(rr, set), prefixes(u));
        if (shared[set] == null) shared[set] = attributes(rr, set);
        return Update.announce(shared[set], prefixes(u));
    }

    private PathAttributes attributes(int rr, int set) {
        PathAttributes.Builder b = PathAttributes.builder()
                .origin(set % 7 == 0 ? Origin.INCOMPLETE : Origin.IGP)
                .asPath(asPath(set))
                .localPref(100)
                .communities(64512 << 16 | (set & 0xffff))
                .originatorId(IpAddress.ofV4(0xc6336400 + 1 + set % 200))           // 198.51.100.x
                .clusterList(0xc6336400 + 10 + rr);                                   // the reflector
        if (set % 3 == 0) b.med(set % 50);
        IpAddress nh = family == Family.IPV4_UNICAST ? IpAddress.ofV4(0xc6336400 + 1 + set % 200)
                : IpAddress.ofV6(0x20010db800000000L, 1 + set % 200);
        if (family == Family.IPV4_UNICAST) b.nextHop(nh);
        else b.mpNextHop(MpNextHop.of(nh));
        return b.build();
    }

    private static AsPath asPath(int set) {
        int hops = 2 + set % 4;
        long[] asns = new long[hops];
        for (int i = 0; i < hops; i++) asns[i] = 64600 + (set * 7 + i * 13) % 900;
        asns[hops - 1] = 4_200_000_000L + set; // a distinct origin AS per set
        return AsPath.sequence(asns);
    }

    private PrefixBatch prefixes(int u) {
        int from = u * prefixesPerUpdate;
        int n = Math.min(prefixesPerUpdate, prefixes - from);
        if (family == Family.IPV4_UNICAST) {
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) packed[i] = IpPrefix.packV4(0x01000000 + ((from + i) << 8), 24); // /24s from 1.0.0.0
            return PrefixBatch.ofPackedV4(packed, null);
        }
        List<IpPrefix> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(new IpPrefix(IpAddress.ofV6(0x2001_0db8_0000_0000L | (long) (from + i) << 16, 0), 48));
        return PrefixBatch.of(family, list);
    }
}
