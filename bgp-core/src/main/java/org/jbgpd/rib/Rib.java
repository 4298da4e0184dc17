package org.jbgpd.rib;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.FibPort;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.fib.NextHopState;
import org.jbgpd.fib.PrefixIds;
import org.jbgpd.policy.Policy;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.PathAttributes;
import org.jbgpd.wire.PrefixBatch;
import org.jbgpd.wire.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The engine's state and every rule that changes it, without a thread: {@link RouteEngine} calls
 * it from its one thread, tests call it directly and drive time through the clock they pass in.
 * Inputs only change paths and mark prefixes dirty; {@link #flush()} decides the dirty prefixes,
 * hands the changed installed sets to the FIB in one batch and sends exports.
 */
final class Rib {

    private static final Logger LOG = LoggerFactory.getLogger(Rib.class);
    /** How long stale routes of a peer that came back may wait for its End-of-RIB (as FRR's stalepath-time). */
    static final long STALE_PATH_MILLIS = 360_000;
    /** Without GR deferral, when kernel routes of an earlier run that nobody re-announced may go. */
    static final long INITIAL_SYNC_MILLIS = 120_000;
    /**
     * Dirty prefixes that make {@link #update} decide at once instead of waiting for the end of the
     * engine's run: the decision then finds the prefix and path rows it just wrote still in the CPU
     * cache (a run of full-table UPDATEs touches hundreds of thousands of prefixes, and deciding
     * them afterwards would fetch every row from memory again). Flaps inside the window still
     * coalesce into one FIB operation; a FIB batch of a few thousand routes is as cheap per route
     * as a larger one.
     */
    static final int FLUSH_AT = 4096;
    /**
     * Dirty prefixes at which {@link #update} decides at once when the FIB has nothing in flight
     * ({@link #fibIdle}): an idle FIB gets the first routes of a load after the first UPDATE instead of after
     * {@link #FLUSH_AT} prefixes, so the stages overlap from the start (Nagle's rule: send at once when
     * nothing is outstanding, gather while something is). The ramp from Established to the first route was
     * mostly cold code working through a first batch of 4096 prefixes in each stage in turn (ADR 0108). 256:
     * an idle FIB's batch costs a sendmsg, an ACK and an acknowledgement back, a few per cent of 256 routes.
     */
    static final int IDLE_FIB_FLUSH_AT = 256;

    private final RibConfig config;
    private final FibPort fib;
    private final OutboundSink sink;
    private final LongSupplier clock;
    private final long routerId;
    private final int clusterId;
    private final NextHopTable nextHops;
    private final AttributePool[] pools;
    private final NextHopSetPool sets;
    private final Decision[] decisions;
    private final Exporter exporter;
    private final FamilyRib[] ribs;
    private final Map<IpAddress, PeerState> peers = new LinkedHashMap<>();
    private PeerState[] bySlot = new PeerState[16];
    private int[] idScratch = new int[256];
    /** {@link #announce}'s post-policy attribute id per import rule, reused across UPDATEs. */
    private int[] effScratch = new int[8];
    @SuppressWarnings("unused") private int touched;
    private long fibSequence;
    private long fibApplied;
    private boolean deferring;
    private long syncDeadline;
    private boolean initialSyncDone;
    /**
     * A normal start that waits for no peer's End-of-RIB (the daemon found no routes of an earlier
     * run, so there is nothing stale to sweep): the first FIB batch ends the initial sync instead of
     * the {@link #INITIAL_SYNC_MILLIS} timer (ADR 0062).
     */
    private final boolean nobodyToWaitFor;
    /** True while the FIB has no batch in flight (asked only once {@link #IDLE_FIB_FLUSH_AT} prefixes are dirty). */
    private final BooleanSupplier fibIdle;

    Rib(RibConfig config, FibPort fib, OutboundSink sink, LongSupplier clockMillis, int expectedV4, int expectedV6) {
        this(config, fib, sink, clockMillis, expectedV4, expectedV6, () -> false);
    }

    Rib(RibConfig config, FibPort fib, OutboundSink sink, LongSupplier clockMillis, int expectedV4, int expectedV6,
        BooleanSupplier fibIdle) {
        this.fibIdle = fibIdle;
        this.config = config;
        this.fib = fib;
        this.sink = sink;
        this.clock = clockMillis;
        this.routerId = config.routerId().hi();
        this.clusterId = (int) config.clusterId().hi();
        this.nextHops = new NextHopTable(fib);
        this.pools = new AttributePool[] {new AttributePool(Family.IPV4_UNICAST, nextHops), new AttributePool(Family.IPV6_UNICAST, nextHops)};
        this.sets = new NextHopSetPool(nextHops);
        this.decisions = new Decision[] {new Decision(pools[0], nextHops), new Decision(pools[1], nextHops)};
        this.exporter = new Exporter(config, pools, sink);
        this.ribs = new FamilyRib[] {new FamilyRib(Family.IPV4_UNICAST, expectedV4), new FamilyRib(Family.IPV6_UNICAST, expectedV6)};
        this.deferring = config.selectionDeferralSeconds() > 0;
        this.syncDeadline = clock.getAsLong() + (deferring ? config.selectionDeferralSeconds() * 1000L : INITIAL_SYNC_MILLIS);
        this.nobodyToWaitFor = !deferring && config.deferralPeers().isEmpty();
        for (Decision d : decisions) d.peers(bySlot);
    }

    // ---------------------------------------------------------------- inputs

    void peerUp(RibPeer p) {
        PeerState ps = peers.get(p.address());
        if (ps == null) {
            ps = new PeerState(freeSlot(), p.address());
            peers.put(p.address(), ps);
            bySlot[ps.slot] = ps;
        }
        ps.session(p);
        if (!p.ibgp() && p.importPolicy() == null) {
            LOG.warn("peer {} ({}) is eBGP and has no importPolicy: accepting none of its routes (RFC 8212)", ps.name(), p.address());
        }
        if (ps.stale > 0) {
            // RFC 4724 §4.2: families without the forwarding bit in the new OPEN are flushed now.
            GracefulRestart gr = p.gracefulRestart();
            for (FamilyRib rib : ribs) {
                if (gr == null || !gr.forwardingPreserved().contains(rib.family) || !p.families().contains(rib.family)) {
                    removePaths(rib, ps, true);
                }
            }
            ps.staleDeadline = ps.stale > 0 ? clock.getAsLong() + STALE_PATH_MILLIS : 0;
        }
        keepBestFor(ps);
        if (!deferring) exporter.dump(ps, List.of(ribs), bySlot);
    }

    /**
     * Starts keeping every prefix's best path (attribute and peer) the first time a peer that may be sent learned
     * routes comes up or gets such a policy. Until then no export reads them (an up peer with the reject-all policy
     * gets none), so they are not kept: 8 bytes per prefix at a full table (ADR 0141). From the current paths, so a
     * prefix still dirty counts as decided as it is now; no peer was sent its earlier best path. Kept from then on.
     */
    private void keepBestFor(PeerState ps) {
        if (!Exporter.mayBeSentLearned(ps)) return;
        for (FamilyRib rib : ribs) {
            if (rib.keepsBest()) continue;
            rib.keepBest();
            PathStore paths = rib.paths;
            AttributePool attrs = pools[rib.family.ordinal()];
            Decision decision = decisions[rib.family.ordinal()];
            PrefixIndex idx = rib.prefixes;
            for (int id = 0, limit = idx.idLimit(); id < limit; id++) {
                if (!idx.isLive(id) || rib.isRetired(id)) continue;
                int best = decision.decide(paths, rib.head(id));
                if (best == PathStore.NIL) continue;
                int attr = paths.eff(best);
                attrs.retain(attr);
                rib.setBest(id, attr, paths.peer(best));
            }
        }
    }

    /** One decoded UPDATE: withdrawals, announcements (RFC 7606 verdict already applied by the codec), End-of-RIB. */
    void update(IpAddress peer, Update u) {
        PeerState ps = peers.get(peer);
        if (ps == null || !ps.up || ps.ignoring) return;
        if (u.endOfRib() != null) {
            endOfRib(peer, u.endOfRib());
            return;
        }
        int withdrawnBatches = u.withdrawnBatchCount();
        for (int b = 0; b < withdrawnBatches; b++) { // indexed, no list: no garbage per UPDATE under C1 (ADR 0093, 0121)
            PrefixBatch w = u.withdrawnBatch(b);
            if (!ps.info.families().contains(w.family())) continue; // not negotiated: the session should not pass it
            FamilyRib rib = rib(w.family());
            boolean v4 = w.family() == Family.IPV4_UNICAST;
            for (int i = 0; i < w.size(); i++) {
                long hi = v4 ? IpPrefix.packedV4Address(w.packedV4(i)) & 0xffff_ffffL : w.v6Hi(i);
                withdraw(rib, ps, hi, v4 ? 0 : w.v6Lo(i), w.length(i), w.pathId(i));
            }
        }
        int announcedBatches = u.announcedBatchCount();
        for (int b = 0; b < announcedBatches; b++) {
            PrefixBatch a = u.announcedBatch(b);
            if (!ps.info.families().contains(a.family())) continue;
            announce(rib(a.family()), ps, a, u.attributes());
            if (checkMaxPrefixes(ps, a.family())) return;
        }
        int dirty = ribs[0].dirtyCount() + ribs[1].dirtyCount();
        if (dirty >= FLUSH_AT || (dirty >= IDLE_FIB_FLUSH_AT && fibIdle.getAsBoolean())) flush();
    }

    void endOfRib(IpAddress peer, Family f) {
        PeerState ps = peers.get(peer);
        if (ps == null || !ps.up) return;
        ps.endOfRibReceived.add(f);
        removePaths(rib(f), ps, true);
        if (ps.stale == 0) ps.staleDeadline = 0;
        if (deferring || !initialSyncDone) checkInitialSync();
    }

    /**
     * The session went down. Without a NOTIFICATION, for a peer that sent the GR capability, its
     * routes of the families it can restart stay (stale) for its restart time (RFC 4724 helper);
     * otherwise they go now.
     */
    void peerDown(IpAddress peer, boolean notification) {
        PeerState ps = peers.get(peer);
        if (ps == null || !ps.up) return;
        ps.up = false;
        exporter.forget(ps);
        GracefulRestart gr = ps.info.gracefulRestart();
        boolean helper = !notification && gr != null && gr.restartTimeSeconds() > 0;
        for (FamilyRib rib : ribs) {
            if (helper && gr.families().contains(rib.family)) markStale(rib, ps);
            else removePaths(rib, ps, false);
        }
        ps.staleDeadline = ps.stale > 0 ? clock.getAsLong() + gr.restartTimeSeconds() * 1000L : 0;
        if (ps.stale > 0) LOG.info("peer {} down without NOTIFICATION: keeping {} routes stale for {} s", ps.name(), ps.stale, gr.restartTimeSeconds());
        forgetIfEmpty(ps);
    }

    /** New policies for a peer (config reload): its Adj-RIB-In is evaluated again, no route refresh needed. */
    void reconfigure(IpAddress peer, Policy importPolicy, Policy exportPolicy, long maxPrefixes) {
        PeerState ps = peers.get(peer);
        if (ps == null) return;
        RibPeer i = ps.info;
        Policy oldExport = i == null ? null : Exporter.policyOf(i, ps.ebgp);
        ps.info = new RibPeer(i.name(), i.address(), i.localAddress(), i.asNumber(), i.localAs(), i.routerId(), i.families(),
                i.addPathReceive(), i.gracefulRestart(), importPolicy, exportPolicy, maxPrefixes, i.linkIndex());
        ps.importPolicy = ps.info.effectiveImportPolicy();
        for (FamilyRib rib : ribs) reevaluate(rib, ps);
        // Before the re-evaluated prefixes are decided: the peer is brought to the new policy on the
        // current best paths, and the next flush exports best-path changes under the new policy.
        if (ps.up) keepBestFor(ps);
        if (ps.up && !deferring && oldExport != null) exporter.policyChanged(ps, oldExport, List.of(ribs), bySlot);
    }

    /** The prefixes we originate (config {@code announce}) changed: peers get the additions and withdrawals only. */
    void announce(List<IpPrefix> prefixes) {
        PeerState[] upPeers = deferring ? new PeerState[0] : peers.values().stream().filter(ps -> ps.up).toArray(PeerState[]::new);
        exporter.announceChanged(prefixes, upPeers, List.of(ribs), bySlot);
    }

    /** Loc-RIB prefixes with a best path, per family. */
    RouteCounts routeCounts() { return new RouteCounts(ribs[0].bestCount(), ribs[1].bestCount()); }

    void nextHopsChanged(List<NextHopState> states) {
        boolean[] changed = null;
        for (NextHopState s : states) {
            int id = nextHops.update(s);
            if (id < 0) continue;
            if (changed == null) changed = new boolean[nextHops.idLimit()];
            changed[id] = true;
        }
        if (changed == null) return;
        for (FamilyRib rib : ribs) {
            PathStore paths = rib.paths;
            AttributePool attrs = pools[rib.family.ordinal()];
            PrefixIndex idx = rib.prefixes;
            for (int id = 0; id < idx.idLimit(); id++) {
                if (!idx.isLive(id)) continue;
                for (int p = rib.head(id); p != PathStore.NIL; p = paths.next(p)) {
                    int eff = paths.eff(p);
                    if (eff < 0) continue;
                    int nh = attrs.nextHop(eff);
                    if (nh >= 0 && nh < changed.length && changed[nh]) {
                        rib.markDirty(id);
                        break;
                    }
                }
            }
        }
    }

    void fibApplied(long sequence, int failedRoutes) {
        fibApplied = Math.max(fibApplied, sequence);
        for (FamilyRib rib : ribs) rib.fibApplied(fibApplied);
        if (failedRoutes > 0) LOG.warn("the FIB refused {} routes of batch {}", failedRoutes, sequence);
    }

    /** Runs what is due: stale sweeps of peers that did not come back, the end of selection deferral. */
    void advanceTime() {
        long now = clock.getAsLong();
        for (PeerState ps : List.copyOf(peers.values())) {
            if (ps.staleDeadline != 0 && now >= ps.staleDeadline) {
                LOG.info("peer {}: restart time over, removing {} stale routes", ps.name(), ps.stale);
                for (FamilyRib rib : ribs) removePaths(rib, ps, true);
                ps.staleDeadline = 0;
                forgetIfEmpty(ps);
            }
        }
        if (!initialSyncDone && now >= syncDeadline) endInitialSync();
    }

    /** The earliest time {@link #advanceTime} has something to do, or Long.MAX_VALUE. */
    long nextDeadline() {
        long d = initialSyncDone ? Long.MAX_VALUE : syncDeadline;
        for (PeerState ps : peers.values()) if (ps.staleDeadline != 0) d = Math.min(d, ps.staleDeadline);
        return d;
    }

    // ---------------------------------------------------------------- adj-rib-in

    private void announce(FamilyRib rib, PeerState ps, PrefixBatch prefixes, PathAttributes received) {
        PathAttributes raw = received;
        if (ps.ebgp && raw.hasLocalPref()) raw = raw.toBuilder().localPref(-1).build(); // RFC 4271 §5.1.5: not from eBGP
        raw = LinkLocalNextHop.scoped(raw, ps.info.linkIndex());
        AttributePool attrs = pools[rib.family.ordinal()];
        int rawId = attrs.acquire(raw); // held for this batch
        boolean loop = isLoop(attrs, rawId, raw, ps);
        Policy policy = ps.importPolicy;
        int rules = policy.rules().size();
        if (effScratch.length < rules) effScratch = new int[rules];
        int[] effByRule = effScratch; // per UPDATE: reused, not allocated (ADR 0093)
        Arrays.fill(effByRule, 0, rules, -2);
        Family f = rib.family;
        boolean v4 = f == Family.IPV4_UNICAST;
        int n = prefixes.size();
        int[] ids = resolve(rib, prefixes, v4, n);
        for (int i = 0; i < n; i++) {
            long hi = v4 ? IpPrefix.packedV4Address(prefixes.packedV4(i)) & 0xffff_ffffL : prefixes.v6Hi(i);
            long lo = v4 ? 0 : prefixes.v6Lo(i);
            int len = prefixes.length(i);
            int eff = PathStore.NIL;
            if (!loop) {
                int r = policy.firstMatch(f, hi, lo, len, raw, ps.facts);
                if (policy.accepts(r)) {
                    if (effByRule[r] == -2) effByRule[r] = attrs.acquire(policy.apply(r, raw));
                    eff = effByRule[r];
                }
            }
            int id = ids[i];
            int pathId = prefixes.pathId(i);
            PathStore paths = rib.paths;
            int p = findPath(rib, id, ps.slot, pathId);
            if (p != PathStore.NIL) {
                int oldEff = paths.eff(p);
                boolean wasStale = paths.has(p, PathStore.STALE);
                if (paths.raw(p) == rawId && oldEff == eff && !wasStale) continue; // a repeat: nothing changes
                attrs.retain(rawId);
                attrs.release(paths.raw(p));
                paths.setRaw(p, rawId);
                if (eff >= 0) attrs.retain(eff);
                if (oldEff >= 0) attrs.release(oldEff);
                paths.setEff(p, eff);
                ps.accepted += (eff >= 0 ? 1 : 0) - (oldEff >= 0 ? 1 : 0);
                if (wasStale) {
                    paths.set(p, PathStore.STALE, false);
                    ps.stale--;
                }
            } else {
                attrs.retain(rawId);
                if (eff >= 0) attrs.retain(eff);
                paths.add(id, ps.slot, pathId, rawId, eff);
                ps.received++;
                if (eff >= 0) ps.accepted++;
            }
            rib.markDirty(id);
        }
        attrs.release(rawId);
        for (int r = 0; r < rules; r++) if (effByRule[r] >= 0) attrs.release(effByRule[r]);
    }

    /**
     * The prefix ids of a batch, in passes: hash slots, then ids, then the prefixes' rows and first
     * paths. Each pass is a short loop of independent loads, so the CPU has many cache misses in
     * flight at once; done prefix by prefix inside the long loop of {@link #announce}, each miss
     * would wait for the one before it (at a full table nearly every access is a miss).
     */
    /** Batches of fewer prefixes are resolved in one pass, without the warming passes. */
    private static final int WARM_FROM = 4;

    private int[] resolve(FamilyRib rib, PrefixBatch prefixes, boolean v4, int n) {
        if (idScratch.length < n) idScratch = new int[Math.max(n, idScratch.length * 2)];
        int[] ids = idScratch;
        if (n < WARM_FROM) {
            // One UPDATE per prefix (BIRD 2's diverse full table): no misses to overlap, and the warming passes
            // would only hash and probe every prefix twice (ADR 0101).
            prefixIds(rib, prefixes, v4, n, ids);
            return ids;
        }
        PrefixIndex idx = rib.prefixes;
        int touched = 0;
        for (int i = 0; i < n; i++) {
            long hi = v4 ? IpPrefix.packedV4Address(prefixes.packedV4(i)) & 0xffff_ffffL : prefixes.v6Hi(i);
            touched += idx.peek(hi, v4 ? 0 : prefixes.v6Lo(i), prefixes.length(i));
        }
        prefixIds(rib, prefixes, v4, n, ids);
        // A prefix's first path is its lead row (ADR 0144): reading its head loads the row the announce reads next.
        for (int i = 0; i < n; i++) touched += rib.head(ids[i]);
        this.touched = touched; // keeps the warming loads from being optimised away
        return ids;
    }

    /** The ids of an UPDATE's prefixes, added if new, under the index's lock once per UPDATE (the FIB reads it, ADR 0137). */
    private static void prefixIds(FamilyRib rib, PrefixBatch prefixes, boolean v4, int n, int[] ids) {
        long stamp = rib.lockForAdds();
        try {
            for (int i = 0; i < n; i++) {
                long hi = v4 ? IpPrefix.packedV4Address(prefixes.packedV4(i)) & 0xffff_ffffL : prefixes.v6Hi(i);
                ids[i] = rib.prefixId(hi, v4 ? 0 : prefixes.v6Lo(i), prefixes.length(i));
            }
        } finally {
            rib.unlockAdds(stamp);
        }
    }

    private void withdraw(FamilyRib rib, PeerState ps, long hi, long lo, int len, int pathId) {
        int id = rib.prefixes.find(hi, lo, len);
        if (id < 0) return;
        int p = findPath(rib, id, ps.slot, pathId);
        if (p != PathStore.NIL) removePath(rib, id, p, previous(rib, id, p));
    }

    /** RFC 4456 §8: a reflected route that carries our router id or our cluster id came back to us. */
    /**
     * The loop check of set {@code id} ({@code a}) of {@code pool} from peer {@code ps}, worked out once per set and kept by
     * the pool (ADR 0121): routerId and clusterId are fixed for the engine's life, the own-AS part is kept per AS.
     */
    private boolean isLoop(AttributePool pool, int id, PathAttributes a, PeerState ps) {
        int reflection = pool.reflectionLoop(id);
        if (reflection == 0) {
            boolean loop = a.originatorId() != null && a.originatorId().hi() == routerId || a.clusterListContains(clusterId);
            pool.reflectionLoop(id, loop);
            reflection = loop ? 2 : 1;
        }
        if (reflection == 2) return true;
        if (!ps.ebgp || a.asPath() == null) return false;
        long as = ps.info.localAs();
        int own = pool.ownAsLoop(id, as);
        if (own != 0) return own == 2;
        boolean loop = a.asPath().contains(as); // RFC 4271 §9.1.2: our own AS
        pool.ownAsLoop(id, as, loop);
        return loop;
    }

    private int findPath(FamilyRib rib, int prefixId, int slot, int pathId) {
        PathStore paths = rib.paths;
        for (int p = rib.head(prefixId); p != PathStore.NIL; p = paths.next(p)) {
            if (paths.is(p, slot, pathId)) return p;
        }
        return PathStore.NIL;
    }

    private static int previous(FamilyRib rib, int id, int p) {
        int prev = PathStore.NIL;
        for (int q = rib.head(id); q != p; q = rib.paths.next(q)) prev = q;
        return prev;
    }

    /**
     * Removes path {@code p} of prefix {@code id} ({@code prev} = the path before it in the chain, or NIL); returns the
     * handle that now holds the path after it, or NIL (removing a prefix's lead path moves the next one into its row).
     */
    private int removePath(FamilyRib rib, int id, int p, int prev) {
        PathStore paths = rib.paths;
        PeerState ps = bySlot[paths.peer(p)];
        AttributePool attrs = pools[rib.family.ordinal()];
        ps.received--;
        if (paths.eff(p) >= 0) {
            ps.accepted--;
            attrs.release(paths.eff(p));
        }
        if (paths.has(p, PathStore.STALE)) ps.stale--;
        if (paths.has(p, PathStore.SELECTED)) ps.installed--;
        attrs.release(paths.raw(p));
        rib.markDirty(id);
        return paths.remove(id, p, prev);
    }

    /** Removes a peer's paths of one family (only the stale ones if {@code onlyStale}). */
    private void removePaths(FamilyRib rib, PeerState ps, boolean onlyStale) {
        PathStore paths = rib.paths;
        PrefixIndex idx = rib.prefixes;
        // Each prefix of the peer becomes dirty: past FamilyRib.DIRTY_LIST_LIMIT the dirty bits alone hold them, so a
        // full table's withdraw allocates no list of a million ids (ADR 0109, ADR 0122).
        for (int id = 0; id < idx.idLimit(); id++) {
            if (!idx.isLive(id)) continue;
            int prev = PathStore.NIL;
            for (int p = rib.head(id); p != PathStore.NIL; ) {
                if (paths.peer(p) == ps.slot && (!onlyStale || paths.has(p, PathStore.STALE))) {
                    p = removePath(rib, id, p, prev);
                } else {
                    prev = p;
                    p = paths.next(p);
                }
            }
        }
    }

    private void markStale(FamilyRib rib, PeerState ps) {
        PathStore paths = rib.paths;
        PrefixIndex idx = rib.prefixes;
        for (int id = 0; id < idx.idLimit(); id++) {
            if (!idx.isLive(id)) continue;
            for (int p = rib.head(id); p != PathStore.NIL; p = paths.next(p)) {
                if (paths.peer(p) == ps.slot && !paths.has(p, PathStore.STALE)) {
                    paths.set(p, PathStore.STALE, true);
                    ps.stale++;
                }
            }
        }
    }

    private void reevaluate(FamilyRib rib, PeerState ps) {
        PrefixIndex idx = rib.prefixes;
        for (int id = 0; id < idx.idLimit(); id++) {
            if (!idx.isLive(id)) continue;
            for (int p = rib.head(id); p != PathStore.NIL; p = rib.paths.next(p)) {
                if (rib.paths.peer(p) == ps.slot) reevaluate(rib, ps, id, p);
            }
        }
    }

    private void reevaluate(FamilyRib rib, PeerState ps, int id, int p) {
        PathStore paths = rib.paths;
        PrefixIndex idx = rib.prefixes;
        AttributePool attrs = pools[rib.family.ordinal()];
        Policy policy = ps.importPolicy;
        PathAttributes raw = attrs.get(paths.raw(p));
        int eff = PathStore.NIL;
        if (!isLoop(attrs, paths.raw(p), raw, ps)) {
            int r = policy.firstMatch(rib.family, idx.hi(id), idx.lo(id), idx.length(id), raw, ps.facts);
            if (policy.accepts(r)) eff = attrs.acquire(policy.apply(r, raw));
        }
        int old = paths.eff(p);
        if (old == eff) {
            if (eff >= 0) attrs.release(eff);
            return;
        }
        if (old >= 0) attrs.release(old);
        paths.setEff(p, eff);
        ps.accepted += (eff >= 0 ? 1 : 0) - (old >= 0 ? 1 : 0);
        rib.markDirty(id);
    }

    private boolean checkMaxPrefixes(PeerState ps, Family f) {
        long limit = ps.info.maxPrefixes();
        if (limit <= 0) return false;
        if (ps.received > limit) {
            LOG.warn("peer {} sent {} routes, more than its maxPrefixes {}: closing the session (Cease 6/1)", ps.name(), ps.received, limit);
            for (FamilyRib rib : ribs) removePaths(rib, ps, false);
            ps.up = false;
            ps.ignoring = true;
            exporter.forget(ps);
            sink.maxPrefixExceeded(ps.address, f, limit);
            return true;
        }
        if (!ps.maxPrefixWarned && ps.received * 10 >= limit * 9) {
            ps.maxPrefixWarned = true;
            LOG.warn("peer {} sent {} routes, 90% of its maxPrefixes {}", ps.name(), ps.received, limit);
        }
        return false;
    }

    private int freeSlot() {
        for (int i = 0; i < bySlot.length; i++) if (bySlot[i] == null) return i;
        if (bySlot.length == 65536) throw new IllegalStateException("65536 peers");
        int s = bySlot.length;
        bySlot = Arrays.copyOf(bySlot, bySlot.length * 2);
        for (Decision d : decisions) d.peers(bySlot);
        return s;
    }

    private void forgetIfEmpty(PeerState ps) {
        if (ps.up || ps.received > 0) return;
        for (FamilyRib rib : ribs) if (rib.dirtyCount() > 0) return; // its slot may still be the best peer of a dirty prefix
        peers.remove(ps.address);
        bySlot[ps.slot] = null;
    }

    // ---------------------------------------------------------------- decision and output

    /** Prefixes changed since the last {@link #flush}. */
    int dirtyCount() { return ribs[0].dirtyCount() + ribs[1].dirtyCount(); }

    /** Decides every dirty prefix, sends one FIB batch with the changed installed sets, and the exports. */
    void flush() {
        if (deferring) return;
        boolean sliced = false;
        PeerState[] upPeers = peers.values().stream().filter(ps -> ps.up).toArray(PeerState[]::new);
        int[] nhScratch = new int[config.maxPaths()];
        int failed = 0;
        for (FamilyRib rib : ribs) {
            for (int dirtyCount; (dirtyCount = rib.takeDirty()) > 0; ) {
                int[] dirty = rib.taken();
                int after = rib.dirtyCount(); // still dirty beyond this run (a peer's whole table comes in runs)
                for (int k = 0; k < dirtyCount; k++) {
                    if ((k & (WARM_BLOCK - 1)) == 0) warm(rib, dirty, k, Math.min(dirtyCount, k + WARM_BLOCK));
                    try {
                        decide(rib, dirty[k], dirtyCount - k + after, upPeers, nhScratch);
                    } catch (RuntimeException e) {
                        // A bug in one prefix's decision or export must not cost the others theirs, nor the FIB the
                        // entries already in the batch: the RIB has marked them installed, and a retired prefix's id
                        // is freed only once the FIB has acknowledged the batch that holds its withdraw (ADR 0137).
                        if (failed++ == 0) LOG.error("deciding {} failed; going on with the other prefixes", prefixText(rib, dirty[k]), e);
                    }
                    if (pendingBatch != null && pendingBatch.size() >= MAX_FIB_BATCH) {
                        // A peer going down dirties its whole table at once: hand it on in slices the FIB port can
                        // bound (ADR 0087), instead of one batch of a million routes.
                        submitPending();
                        sliced = true;
                    }
                }
            }
        }
        if (failed > 1) LOG.error("deciding {} prefixes failed in this flush", failed);
        if (pendingBatch == null && sliced && !initialSyncDone && initialSyncReady()) pendingBatch = FibBatch.builder(++fibSequence, 1);
        if (pendingBatch != null && !initialSyncDone && initialSyncReady()) {
            pendingBatch.endsInitialSync(true);
            initialSyncDone = true;
        }
        if (pendingBatch != null) submitPending();
        exporter.flush();
        for (PeerState ps : List.copyOf(peers.values())) forgetIfEmpty(ps);
    }

    /** The batch being built, kept here (not in a local) so that an error in one decision cannot drop it. */
    private FibBatch.Builder pendingBatch;
    /** Arrays of full-size batches, given back by the FIB once applied (ADR 0139). */
    private final FibBatch.ArrayPool batchArrays = new FibBatch.ArrayPool();

    private void submitPending() {
        FibBatch batch = pendingBatch.build();
        pendingBatch = null;
        fib.submit(batch);
    }

    private static String prefixText(FamilyRib rib, int id) {
        try {
            return rib.prefixes.prefix(id).toString();
        } catch (RuntimeException e) {
            return "prefix id " + id;
        }
    }

    /**
     * Decides one dirty prefix: best path and multipath set, the SELECTED marks, the installed set
     * (added to the FIB batch, created on first use, if it changed) and exports if the best path
     * changed. Kept out of {@link #flush} so that the JIT compiles it on its own:
     * one big inlined flush was recompiled several times per full-table load, seconds each.
     */
    private void decide(FamilyRib rib, int id, int remaining, PeerState[] upPeers, int[] nhScratch) {
        PathStore paths = rib.paths;
        AttributePool attrs = pools[rib.family.ordinal()];
        Decision decision = decisions[rib.family.ordinal()];
        PrefixIndex idx = rib.prefixes;
        if (rib.isRetired(id)) return; // no paths and nothing installed: nothing to decide
        int best = decision.decide(paths, rib.head(id));
        int set = NextHopSetPool.NONE;
        int n = 0;
        if (best != PathStore.NIL) {
            nhScratch[n++] = attrs.nextHop(paths.eff(best));
            if (config.ecmp()) {
                for (int i = 0; i < decision.multipathCount() && n < nhScratch.length; i++) {
                    int nh = attrs.nextHop(paths.eff(decision.multipath(i)));
                    if (!contains(nhScratch, n, nh)) nhScratch[n++] = nh;
                }
            }
            set = sets.multi(nhScratch, n);
        }
        for (int p = rib.head(id); p != PathStore.NIL; p = paths.next(p)) {
            boolean selected = best != PathStore.NIL && (p == best || (config.ecmp() && isMultipath(decision, p)
                    && contains(nhScratch, n, attrs.nextHop(paths.eff(p)))));
            if (selected != paths.has(p, PathStore.SELECTED)) {
                paths.set(p, PathStore.SELECTED, selected);
                bySlot[paths.peer(p)].installed += selected ? 1 : -1;
            }
        }
        int old = rib.installed(id);
        if (set != old) {
            sets.retain(set);
            rib.setInstalled(id, set);
            FibBatch.Builder out = pendingBatch;
            if (out == null) out = pendingBatch = FibBatch.builder(++fibSequence, Math.min(remaining, MAX_FIB_BATCH), batchArrays);
            NextHopSet hops = sets.get(set);
            if (hops == null) out.withdraw(rib.family, idx.hi(id), idx.lo(id), idx.length(id), id);
            else out.replace(rib.family, idx.hi(id), idx.lo(id), idx.length(id), hops, id);
            sets.release(old);
        }
        if ((set != NextHopSetPool.NONE) != (old != NextHopSetPool.NONE)) rib.countBest(set != NextHopSetPool.NONE ? 1 : -1);
        if (rib.keepsBest()) { // some peer may be sent learned routes (keepBest)
            int newAttr = best != PathStore.NIL ? paths.eff(best) : FamilyRib.NONE;
            int newPeer = best != PathStore.NIL ? paths.peer(best) : 0;
            int oldAttr = rib.bestAttr(id);
            if (newAttr != oldAttr || (newAttr >= 0 && newPeer != rib.bestPeer(id))) {
                if (upPeers.length > 0) exporter.bestChanged(upPeers, bySlot, rib.family, idx.hi(id), idx.lo(id), idx.length(id),
                        oldAttr, rib.bestPeer(id), newAttr, newPeer);
                if (newAttr >= 0) attrs.retain(newAttr);
                if (oldAttr >= 0) attrs.release(oldAttr);
                rib.setBest(id, newAttr, newPeer);
            }
        }
        if (rib.head(id) == PathStore.NIL && set == NextHopSetPool.NONE) rib.retire(id, fibSequence);
    }

    /** Prefixes decided per warming pass (see {@link #resolve}: the same idea for the dirty list). */
    private static final int WARM_BLOCK = 64;
    /** Most routes in one FIB batch: the FIB port bounds its backlog per batch (ADR 0087). */
    static final int MAX_FIB_BATCH = FibBatch.ArrayPool.CAPACITY;

    private void warm(FamilyRib rib, int[] dirty, int from, int to) {
        PathStore paths = rib.paths;
        PrefixIndex idx = rib.prefixes;
        int t = 0;
        for (int k = from; k < to; k++) t += rib.head(dirty[k]) + idx.length(dirty[k]);
        for (int k = from; k < to; k++) {
            int h = rib.head(dirty[k]);
            if (h != PathStore.NIL) t += paths.raw(h) + paths.next(h);
        }
        for (int k = from; k < to; k++) { // the second path (the other reflector's), if any
            int h = rib.head(dirty[k]);
            int second = h != PathStore.NIL ? paths.next(h) : PathStore.NIL;
            if (second != PathStore.NIL) t += paths.raw(second);
        }
        this.touched += t;
    }

    private static boolean isMultipath(Decision decision, int p) {
        for (int i = 0; i < decision.multipathCount(); i++) if (decision.multipath(i) == p) return true;
        return false;
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) if (a[i] == v) return true;
        return false;
    }

    private boolean initialSyncReady() {
        for (IpAddress a : config.deferralPeers()) {
            PeerState ps = peers.get(a);
            if (ps == null || !ps.up || !ps.endOfRibReceived.containsAll(ps.info.families())) return false;
        }
        return nobodyToWaitFor || !config.deferralPeers().isEmpty();
    }

    private void checkInitialSync() {
        if (initialSyncReady()) endInitialSync();
    }

    private void endInitialSync() {
        boolean wasDeferring = deferring;
        deferring = false;
        flush();
        if (!initialSyncDone) {
            initialSyncDone = true;
            fib.submit(FibBatch.builder(++fibSequence).endsInitialSync(true).build());
        }
        if (wasDeferring) {
            LOG.info("selection deferral over: installing and announcing");
            for (PeerState ps : peers.values()) if (ps.up) exporter.dump(ps, List.of(ribs), bySlot);
        }
    }

    // ---------------------------------------------------------------- snapshots and queries

    List<PeerCounts> counts() {
        List<PeerCounts> out = new ArrayList<>(peers.size());
        for (PeerState ps : peers.values()) out.add(ps.counts());
        return out;
    }

    /** Routes inside {@code filter} (all if null), sorted by prefix. */
    List<RouteView> routes(IpPrefix filter) {
        List<RouteView> out = new ArrayList<>();
        for (FamilyRib rib : ribs) {
            if (filter != null && filter.family() != rib.family) continue;
            PrefixIndex idx = rib.prefixes;
            for (int id = 0; id < idx.idLimit(); id++) {
                if (!idx.isLive(id) || rib.isRetired(id)) continue;
                IpPrefix p = idx.prefix(id);
                if (filter == null || filter.contains(p)) out.add(view(rib, id, p));
            }
        }
        out.sort(Comparator.comparing(RouteView::prefix));
        return out;
    }

    /** The most specific route with an accepted path that covers {@code a}, or null. */
    RouteView longestMatch(IpAddress a) {
        FamilyRib rib = rib(a.family());
        for (int len = a.family().addressBits(); len >= 0; len--) {
            IpPrefix p = IpPrefix.of(a, len);
            int id = rib.prefixes.find(p.address().hi(), p.address().lo(), len);
            if (id >= 0 && rib.hasBest(id)) return view(rib, id, p);
        }
        return null;
    }

    private RouteView view(FamilyRib rib, int id, IpPrefix prefix) {
        PathStore paths = rib.paths;
        AttributePool attrs = pools[rib.family.ordinal()];
        int best = decisions[rib.family.ordinal()].decide(paths, rib.head(id));
        List<PathView> views = new ArrayList<>();
        for (int p = rib.head(id); p != PathStore.NIL; p = paths.next(p)) {
            PeerState ps = bySlot[paths.peer(p)];
            int eff = paths.eff(p);
            PathAttributes a = attrs.get(eff >= 0 ? eff : paths.raw(p));
            PathView v = new PathView(ps.name(), ps.address, paths.pathId(p), a, eff >= 0, p == best,
                    paths.has(p, PathStore.SELECTED), paths.has(p, PathStore.STALE), nextHops.reachable(attrs.nextHop(eff >= 0 ? eff : paths.raw(p))));
            if (p == best) views.addFirst(v);
            else views.add(v);
        }
        return new RouteView(prefix, views, sets.get(rib.installed(id)));
    }

    /** Heap held by the primitive structures (not counting attribute objects), for the memory report. */
    long footprintBytes() {
        long b = 0;
        for (FamilyRib rib : ribs) b += rib.footprintBytes();
        return b;
    }

    int attributeSets() { return pools[0].size() + pools[1].size(); }

    int prefixCount(Family f) { return rib(f).prefixCount(); }

    /** The prefix ids of both families, for the FIB's thread (ADR 0137). */
    PrefixIds prefixIds() { return prefixIds; }

    private final PrefixIds prefixIds = new PrefixIds() {
        @Override public int find(Family f, long hi, long lo, int length) { return rib(f).findLocked(hi, lo, length); }
        @Override public long hi(Family f, int id) { return rib(f).hiLocked(id); }
        @Override public long lo(Family f, int id) { return rib(f).loLocked(id); }
        @Override public int length(Family f, int id) { return rib(f).lengthLocked(id); }
    };

    private FamilyRib rib(Family f) { return ribs[f.ordinal()]; }

    /** One family's RIB (for tests). */
    FamilyRib familyRib(Family f) { return rib(f); }
}
