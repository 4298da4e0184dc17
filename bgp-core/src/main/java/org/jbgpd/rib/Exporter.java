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
 * attributes pass on marked partial. No Adj-RIB-Out is stored (ADR 0062): what a peer
 * was sent follows from the old best path (which the engine keeps until the batch is built), the
 * announce list and the export policy in force, so a policy or announce change recomputes the old
 * view and sends the difference.
 */
final class Exporter {

    private static final int LOCAL = -1;

    private final RibConfig config;
    private final AttributePool[] pools;
    private final OutboundSink sink;
    private final Map<PeerState, Map<Family, Pending>> pending = new LinkedHashMap<>();
    private final Map<PeerState, Map<PathAttributes, PathAttributes>> transformed = new HashMap<>();
    private List<IpPrefix> announce;

    Exporter(RibConfig config, AttributePool[] poolsByFamily, OutboundSink sink) {
        this.config = config;
        this.announce = config.announce();
        this.pools = poolsByFamily;
        this.sink = sink;
    }

    /** The best path of a prefix changed; tells every up peer that cares. */
    void bestChanged(PeerState[] upPeers, PeerState[] bySlot, Family f, long hi, long lo, int len,
                     int oldAttr, int oldPeer, int newAttr, int newPeer) {
        AttributePool attrs = pools[f.ordinal()];
        IpPrefix ownP = announce.isEmpty() ? null : ownCovers(f, hi, lo, len);
        for (PeerState q : upPeers) {
            if (ownP != null && own(q, policyOf(q.info, q.ebgp), ownP) != null) continue; // it holds ours, not the learned one
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
        Policy policy = policyOf(q.info, q.ebgp);
        forEachBest(q, ribs, bySlot, (f, hi, lo, len, best, from) -> {
            IpPrefix ownP = announce.isEmpty() ? null : ownCovers(f, hi, lo, len);
            if (ownP != null && own(q, policy, ownP) != null) return; // the peer gets ours
            PathAttributes out = exportable(best, from, q, f, hi, lo, len);
            if (out != null) pending(q, f).announce(out, hi, lo, len);
        });
        for (IpPrefix p : announce) {
            PathAttributes out = own(q, policy, p);
            if (out != null) pending(q, p.family()).announce(out, p.address().hi(), p.address().lo(), p.length());
        }
        flushPeer(q);
        transformed.remove(q);
        for (Family f : q.info.families()) sink.endOfRib(q.address, f);
    }

    /**
     * Peer {@code q}'s export policy changed from {@code oldPolicy} to its current one: sends exactly
     * the difference. What the peer holds follows from the Loc-RIB's best paths, the announce list
     * and the policy in force when they were sent (every send goes through {@link #exportable}), so
     * the old view is computed again instead of stored: an announcement where the new policy
     * exports other attributes than the old one, a withdrawal where only the old one exported.
     */
    void policyChanged(PeerState q, Policy oldPolicy, List<FamilyRib> ribs, PeerState[] bySlot) {
        Policy newPolicy = policyOf(q.info, q.ebgp);
        if (newPolicy.equals(oldPolicy)) return;
        forEachBest(q, ribs, bySlot, (f, hi, lo, len, best, from) -> {
            if (ownCovers(f, hi, lo, len) != null) return; // handled with the announce list below
            diff(q, f, hi, lo, len, exportable(best, from, q, oldPolicy, f, hi, lo, len), exportable(best, from, q, newPolicy, f, hi, lo, len));
        });
        for (IpPrefix p : announce) {
            diff(q, p.family(), p.address().hi(), p.address().lo(), p.length(),
                    view(ribs, bySlot, q, oldPolicy, p, true), view(ribs, bySlot, q, newPolicy, p, true));
        }
        flushPeer(q);
        transformed.remove(q);
    }

    /**
     * The announce list changed (reload): every up peer is sent the prefixes added, and withdrawn
     * the ones removed (or sent the Loc-RIB's route for it, if there is one it may have).
     */
    void announceChanged(List<IpPrefix> next, PeerState[] upPeers, List<FamilyRib> ribs, PeerState[] bySlot) {
        List<IpPrefix> before = announce;
        announce = List.copyOf(next);
        for (PeerState q : upPeers) {
            Policy policy = policyOf(q.info, q.ebgp);
            for (IpPrefix p : before) {
                if (announce.contains(p)) continue;
                diff(q, p.family(), p.address().hi(), p.address().lo(), p.length(),
                        view(ribs, bySlot, q, policy, p, true), view(ribs, bySlot, q, policy, p, false));
            }
            for (IpPrefix p : announce) {
                if (before.contains(p)) continue;
                diff(q, p.family(), p.address().hi(), p.address().lo(), p.length(),
                        view(ribs, bySlot, q, policy, p, false), view(ribs, bySlot, q, policy, p, true));
            }
            flushPeer(q);
        }
        transformed.clear();
    }

    /** A Loc-RIB prefix with a best path, as {@link #forEachBest} hands it over. */
    @FunctionalInterface
    private interface BestVisitor {
        void visit(Family f, long hi, long lo, int len, PathAttributes best, PeerState from);
    }

    /**
     * The one walk over the Loc-RIB's best paths, in the families peer {@code q} negotiated: shared by
     * {@link #dump} and {@link #policyChanged}, which differ only in what they send for each prefix.
     */
    private void forEachBest(PeerState q, List<FamilyRib> ribs, PeerState[] bySlot, BestVisitor v) {
        for (FamilyRib rib : ribs) {
            if (!q.info.families().contains(rib.family)) continue;
            PrefixIndex idx = rib.prefixes;
            AttributePool attrs = pools[rib.family.ordinal()];
            for (int id = 0; id < idx.idLimit(); id++) {
                if (!idx.isLive(id) || rib.bestAttr(id) < 0) continue;
                v.visit(rib.family, idx.hi(id), idx.lo(id), idx.length(id), attrs.get(rib.bestAttr(id)), bySlot[rib.bestPeer(id)]);
            }
        }
    }

    List<IpPrefix> announce() { return announce; }

    /** The announce-list entry for this prefix, or null. */
    private IpPrefix ownCovers(Family f, long hi, long lo, int len) {
        for (IpPrefix p : announce) {
            if (p.family() == f && p.length() == len && p.address().hi() == hi && p.address().lo() == lo) return p;
        }
        return null;
    }

    /**
     * What peer q holds for prefix p: our own route if we announce it ({@code announced}) and the
     * policy exports it, else the Loc-RIB's best path if exported, else nothing.
     */
    private PathAttributes view(List<FamilyRib> ribs, PeerState[] bySlot, PeerState q, Policy policy, IpPrefix p, boolean announced) {
        PathAttributes own = announced ? own(q, policy, p) : null;
        return own != null ? own : learned(ribs, bySlot, q, policy, p);
    }

    /** What peer q gets from the Loc-RIB for prefix p (ignoring our own announcement), or null. */
    private PathAttributes learned(List<FamilyRib> ribs, PeerState[] bySlot, PeerState q, Policy policy, IpPrefix p) {
        for (FamilyRib rib : ribs) {
            if (rib.family != p.family()) continue;
            int id = rib.prefixes.find(p.address().hi(), p.address().lo(), p.length());
            if (id < 0 || rib.bestAttr(id) < 0) return null;
            return exportable(pools[rib.family.ordinal()].get(rib.bestAttr(id)), bySlot[rib.bestPeer(id)], q, policy,
                    rib.family, p.address().hi(), p.address().lo(), p.length());
        }
        return null;
    }

    private void diff(PeerState q, Family f, long hi, long lo, int len, PathAttributes before, PathAttributes after) {
        if (after != null && !after.equals(before)) pending(q, f).announce(after, hi, lo, len);
        else if (after == null && before != null) pending(q, f).withdrawn.add(hi, lo, len);
    }

    /** Our own route for prefix p as peer q should get it, or null (not exported, or no next hop of that family). */
    private PathAttributes own(PeerState q, Policy policy, IpPrefix p) {
        if (!q.info.families().contains(p.family()) || q.info.localAddress() == null
                || q.info.localAddress().family() != p.family()) return null; // no next hop of that family to offer
        PathAttributes.Builder ob = PathAttributes.builder().origin(Origin.IGP).asPath(AsPath.EMPTY);
        PathAttributes own = (p.family() == Family.IPV4_UNICAST ? ob.nextHop(q.info.localAddress()) : ob.mpNextHop(MpNextHop.of(q.info.localAddress()))).build();
        return exportable(own, null, q, policy, p.family(), p.address().hi(), p.address().lo(), p.length());
    }

    /** False when peer {@code q} gets no learned route whatever the Loc-RIB holds: its export policy rejects all. */
    static boolean mayBeSentLearned(PeerState q) {
        return policyOf(q.info, q.ebgp) != Policy.REJECT_ALL;
    }

    static Policy policyOf(RibPeer info, boolean ebgp) {
        return info.exportPolicy() != null ? info.exportPolicy() : ebgp ? Policy.REJECT_ALL : Policy.ACCEPT_ALL;
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
        return exportable(a, from, q, policyOf(q.info, q.ebgp), f, hi, lo, len);
    }

    private PathAttributes exportable(PathAttributes a, PeerState from, PeerState q, Policy policy, Family f, long hi, long lo, int len) {
        if (from == q) return null;
        if (from != null && !from.ebgp && !q.ebgp) return null;
        if (!q.info.families().contains(f)) return null;
        // RFC 9494 §4.6: a route marked LLGR_STALE goes only to peers that negotiated LLGR; we never do.
        if (from != null && a.hasCommunity(PathAttributes.LLGR_STALE)) return null;
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
