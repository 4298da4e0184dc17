package org.jbgpd.rib;

import org.jbgpd.policy.Policy;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.MpNextHop;
import org.jbgpd.wire.Origin;
import org.jbgpd.wire.PathAttributes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Loc-RIB best-path changes and our own announcements into per-peer {@link ExportBatch}es.
 * Rules: never back to the peer a route came from; never iBGP-learned to iBGP (we are not a
 * reflector); the peer's export policy, or by default everything to iBGP and nothing to eBGP
 * (RFC 8212). To eBGP we prepend our AS, set our address as next hop and drop LOCAL_PREF, MED,
 * ORIGINATOR_ID and CLUSTER_LIST; to iBGP we send LOCAL_PREF. Unknown optional transitive
 * attributes pass on marked partial. No Adj-RIB-Out is kept: what a peer
 * was sent follows from the old best path, which the engine keeps until the batch is built.
 */
final class Exporter {

    private static final int LOCAL = -1;

    private final RibConfig config;
    private final AttributePool[] pools;
    private final OutboundSink sink;
    private final Map<PeerState, Map<Family, Pending>> pending = new LinkedHashMap<>();
    private final Map<PeerState, Map<PathAttributes, PathAttributes>> transformed = new HashMap<>();

    Exporter(RibConfig config, AttributePool[] poolsByFamily, OutboundSink sink) {
        this.config = config;
        this.pools = poolsByFamily;
        this.sink = sink;
    }

    /** The best path of a prefix changed; tells every up peer that cares. */
    void bestChanged(PeerState[] upPeers, PeerState[] bySlot, Family f, long hi, long lo, int len,
                     int oldAttr, int oldPeer, int newAttr, int newPeer) {
        AttributePool attrs = pools[f.ordinal()];
        for (PeerState q : upPeers) {
            PathAttributes out = newAttr < 0 ? null : exportable(attrs.get(newAttr), bySlot[newPeer], q, f, hi, lo, len);
            if (out != null) {
                pending(q, f).announce(out, hi, lo, len);
            } else if (oldAttr >= 0 && exportable(attrs.get(oldAttr), bySlot[oldPeer], q, f, hi, lo, len) != null) {
                pending(q, f).withdrawn.add(hi, lo, len);
            }
        }
    }

    /** Our whole table for a peer whose session just came up (or after deferral), then End-of-RIB. */
    void dump(PeerState q, List<FamilyRib> ribs, PeerState[] bySlot) {
        for (FamilyRib rib : ribs) {
            if (!q.info.families().contains(rib.family)) continue;
            PrefixIndex idx = rib.prefixes;
            AttributePool attrs = pools[rib.family.ordinal()];
            for (int id = 0; id < idx.idLimit(); id++) {
                if (!idx.isLive(id) || rib.bestAttr(id) < 0) continue;
                PathAttributes out = exportable(attrs.get(rib.bestAttr(id)), bySlot[rib.bestPeer(id)], q, rib.family,
                        idx.hi(id), idx.lo(id), idx.length(id));
                if (out != null) pending(q, rib.family).announce(out, idx.hi(id), idx.lo(id), idx.length(id));
            }
        }
        for (IpPrefix p : config.announce()) {
            if (!q.info.families().contains(p.family()) || q.info.localAddress() == null
                    || q.info.localAddress().family() != p.family()) continue; // no next hop of that family to offer
            PathAttributes.Builder ob = PathAttributes.builder().origin(Origin.IGP).asPath(AsPath.EMPTY);
            PathAttributes own = (p.family() == Family.IPV4_UNICAST ? ob.nextHop(q.info.localAddress()) : ob.mpNextHop(MpNextHop.of(q.info.localAddress()))).build();
            PathAttributes out = exportable(own, null, q, p.family(), p.address().hi(), p.address().lo(), p.length());
            if (out != null) pending(q, p.family()).announce(out, p.address().hi(), p.address().lo(), p.length());
        }
        flushPeer(q);
        transformed.remove(q);
        for (Family f : q.info.families()) sink.endOfRib(q.address, f);
    }

    void flush() {
        for (PeerState q : List.copyOf(pending.keySet())) flushPeer(q);
        transformed.clear();
    }

    void forget(PeerState q) { pending.remove(q); }

    private void flushPeer(PeerState q) {
        Map<Family, Pending> byFamily = pending.remove(q);
        if (byFamily == null || !q.up) return;
        byFamily.forEach((f, p) -> {
            List<ExportBatch.Group> groups = new ArrayList<>();
            p.groups.forEach((a, b) -> groups.add(new ExportBatch.Group(a, b.build())));
            ExportBatch batch = new ExportBatch(f, p.withdrawn.build(), groups);
            if (!batch.isEmpty()) sink.send(q.address, batch);
        });
    }

    /** What peer {@code q} should be sent for a route from {@code from} (null = ours), or null. */
    private PathAttributes exportable(PathAttributes a, PeerState from, PeerState q, Family f, long hi, long lo, int len) {
        if (from == q) return null;
        if (from != null && !from.ebgp && !q.ebgp) return null; // cheapest checks first: this is per route and peer
        if (!q.info.families().contains(f)) return null;
        Policy policy = q.info.exportPolicy() != null ? q.info.exportPolicy() : q.ebgp ? Policy.REJECT_ALL : Policy.ACCEPT_ALL;
        int rule = policy.firstMatch(f, hi, lo, len, a, q.facts);
        if (!policy.accepts(rule)) return null;
        PathAttributes base = policy.apply(rule, a);
        // Interned attribute sets come back as the same object, so one transform per set and peer per batch.
        Map<PathAttributes, PathAttributes> forPeer = transformed.computeIfAbsent(q, k -> new IdentityHashMap<>());
        PathAttributes out = forPeer.get(base);
        if (out == null && !forPeer.containsKey(base)) {
            out = transform(base, q, f);
            forPeer.put(base, out);
        }
        return out;
    }

    private PathAttributes transform(PathAttributes a, PeerState q, Family f) {
        PathAttributes.Builder b = a.passedOn().toBuilder();
        if (q.ebgp) {
            IpAddress self = q.info.localAddress();
            if (self == null || (f == Family.IPV4_UNICAST) != self.isV4()) return null; // no next hop of that family to offer
            AsPath path = a.asPath() == null ? AsPath.EMPTY : a.asPath();
            b.asPath(path.prepend(q.info.localAs())).localPref(-1).med(-1).originatorId(null).clusterList();
            if (f == Family.IPV4_UNICAST) b.nextHop(self).mpNextHop(null);
            else b.mpNextHop(MpNextHop.of(self));
        } else {
            b.localPref(a.hasLocalPref() ? a.localPref() : AttributePool.DEFAULT_LOCAL_PREF);
        }
        return b.build();
    }

    private Pending pending(PeerState q, Family f) {
        return pending.computeIfAbsent(q, k -> new LinkedHashMap<>()).computeIfAbsent(f, Pending::new);
    }

    private static final class Pending {
        final Family family;
        final PrefixCollector withdrawn;
        final Map<PathAttributes, PrefixCollector> groups = new LinkedHashMap<>();

        Pending(Family family) {
            this.family = family;
            this.withdrawn = new PrefixCollector(family);
        }

        void announce(PathAttributes a, long hi, long lo, int len) {
            groups.computeIfAbsent(a, k -> new PrefixCollector(family)).add(hi, lo, len);
        }
    }
}
