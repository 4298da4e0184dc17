package org.jbgpd.rib;

import org.jbgpd.policy.AsPath;
import org.jbgpd.policy.Origin;
import org.jbgpd.policy.Policy;
import org.jbgpd.policy.RouteAttributes;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

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
 * ORIGINATOR_ID and CLUSTER_LIST; to iBGP we send LOCAL_PREF. No Adj-RIB-Out is kept: what a peer
 * was sent follows from the old best path, which the engine keeps until the batch is built.
 */
final class Exporter {

    private static final int LOCAL = -1;

    private final RibConfig config;
    private final AttributePool attrs;
    private final OutboundSink sink;
    private final Map<PeerState, Map<Family, Pending>> pending = new LinkedHashMap<>();
    private final Map<PeerState, Map<RouteAttributes, RouteAttributes>> transformed = new HashMap<>();

    Exporter(RibConfig config, AttributePool attrs, OutboundSink sink) {
        this.config = config;
        this.attrs = attrs;
        this.sink = sink;
    }

    /** The best path of a prefix changed; tells every up peer that cares. */
    void bestChanged(Iterable<PeerState> peers, PeerState[] bySlot, Family f, long hi, long lo, int len,
                     int oldAttr, int oldPeer, int newAttr, int newPeer) {
        for (PeerState q : peers) {
            if (!q.up) continue;
            RouteAttributes out = newAttr < 0 ? null : exportable(attrs.get(newAttr), bySlot[newPeer], q, f, hi, lo, len);
            if (out != null) {
                pending(q, f).announce(out, hi, lo, len);
            } else if (oldAttr >= 0 && exportable(attrs.get(oldAttr), bySlot[oldPeer], q, f, hi, lo, len) != null) {
                pending(q, f).withdrawn.add(hi, lo, len, 0);
            }
        }
    }

    /** Our whole table for a peer whose session just came up (or after deferral), then End-of-RIB. */
    void dump(PeerState q, List<FamilyRib> ribs, PeerState[] bySlot) {
        for (FamilyRib rib : ribs) {
            if (!q.info.families().contains(rib.family)) continue;
            PrefixIndex idx = rib.prefixes;
            for (int id = 0; id < idx.idLimit(); id++) {
                if (!idx.isLive(id) || rib.bestAttr(id) < 0) continue;
                RouteAttributes out = exportable(attrs.get(rib.bestAttr(id)), bySlot[rib.bestPeer(id)], q, rib.family,
                        idx.hi(id), idx.lo(id), idx.length(id));
                if (out != null) pending(q, rib.family).announce(out, idx.hi(id), idx.lo(id), idx.length(id));
            }
        }
        for (IpPrefix p : config.announce()) {
            if (!q.info.families().contains(p.family()) || q.info.localAddress() == null
                    || q.info.localAddress().family() != p.family()) continue; // no next hop of that family to offer
            RouteAttributes own = RouteAttributes.builder(q.info.localAddress()).origin(Origin.IGP).asPath(AsPath.EMPTY).build();
            RouteAttributes out = exportable(own, null, q, p.family(), p.address().hi(), p.address().lo(), p.length());
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
    private RouteAttributes exportable(RouteAttributes a, PeerState from, PeerState q, Family f, long hi, long lo, int len) {
        if (!q.info.families().contains(f)) return null;
        if (from == q) return null;
        if (from != null && !from.ebgp && !q.ebgp) return null;
        Policy policy = q.info.exportPolicy() != null ? q.info.exportPolicy() : q.ebgp ? Policy.REJECT_ALL : Policy.ACCEPT_ALL;
        int rule = policy.firstMatch(f, hi, lo, len, a, q.facts);
        if (!policy.accepts(rule)) return null;
        RouteAttributes base = policy.apply(rule, a);
        // Interned attribute sets come back as the same object, so one transform per set and peer per batch.
        Map<RouteAttributes, RouteAttributes> forPeer = transformed.computeIfAbsent(q, k -> new IdentityHashMap<>());
        RouteAttributes out = forPeer.get(base);
        if (out == null && !forPeer.containsKey(base)) {
            out = transform(base, q);
            forPeer.put(base, out);
        }
        return out;
    }

    private RouteAttributes transform(RouteAttributes a, PeerState q) {
        RouteAttributes.Builder b = a.toBuilder();
        if (q.ebgp) {
            IpAddress self = q.info.localAddress();
            if (self == null) return null;
            b.asPath(a.asPath().prepend(q.info.localAs())).nextHop(self).linkLocalNextHop(null)
                    .localPref(RouteAttributes.ABSENT).med(RouteAttributes.ABSENT).originatorId(null).clusterList();
        } else {
            b.localPref(a.hasLocalPref() ? a.localPref() : AttributePool.DEFAULT_LOCAL_PREF);
        }
        return b.build();
    }

    private Pending pending(PeerState q, Family f) {
        return pending.computeIfAbsent(q, k -> new LinkedHashMap<>()).computeIfAbsent(f, k -> new Pending());
    }

    private static final class Pending {
        final PackedPrefixes.Builder withdrawn = PackedPrefixes.builder(16);
        final Map<RouteAttributes, PackedPrefixes.Builder> groups = new LinkedHashMap<>();

        void announce(RouteAttributes a, long hi, long lo, int len) {
            groups.computeIfAbsent(a, k -> PackedPrefixes.builder(16)).add(hi, lo, len, 0);
        }
    }
}
