package org.jbgpd.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jbgpd.config.JbgpdConfig;
import org.jbgpd.config.NeighborRangeConfig;
import org.jbgpd.config.PeerConfig;
import org.jbgpd.rib.ExportBatch;
import org.jbgpd.rib.GracefulRestart;
import org.jbgpd.rib.OutboundSink;
import org.jbgpd.rib.RibPeer;
import org.jbgpd.rib.RouteEngine;
import org.jbgpd.session.DownReason;
import org.jbgpd.session.GracefulRestartInfo;
import org.jbgpd.session.Negotiated;
import org.jbgpd.session.PeerId;
import org.jbgpd.session.SessionHandle;
import org.jbgpd.session.SessionListener;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.RouteRefresh;
import org.jbgpd.wire.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins sessions and the route engine without either knowing the other: session events become
 * engine inputs, engine exports become UPDATEs on the session's handle. Every call only hands work
 * on (no blocking), as both sides require.
 */
final class SessionBridge implements SessionListener, OutboundSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionBridge.class);

    private final RouteEngine engine;
    private final AtomicReference<JbgpdConfig> config;
    private final Function<PeerId, IpAddress> localAddress;
    private final Map<IpAddress, SessionHandle> handles = new ConcurrentHashMap<>();
    /**
     * Hand gathered UPDATEs on once they hold this many prefixes or {@link #HAND_ON_UPDATES} UPDATEs, and at the end
     * of every socket read ({@link #readComplete}). One engine queue entry per UPDATE woke the engine thread once per
     * UPDATE when it kept up: a full table of small UPDATEs (~8 prefixes each) paid a futex wake-up and a context
     * switch per UPDATE (ADR 0064). BIRD 2 sends a diverse full table as one UPDATE per prefix: at 32 UPDATEs a
     * hand-off carried 32 prefixes, so 256 (still at most 2048 prefixes, and everything at the end of a read; ADR 0101).
     */
    static final int HAND_ON_PREFIXES = 2048;
    static final int HAND_ON_UPDATES = 256;

    /** UPDATEs of one peer not yet handed to the engine; touched only by that peer's session thread. */
    private static final class Gathered {
        List<Update> updates = new ArrayList<>(HAND_ON_UPDATES);
        long prefixes;
    }

    private final Map<IpAddress, Gathered> gathered = new ConcurrentHashMap<>();
    /** Sessions we stopped reading because the engine's input queue is full (ADR 0087). */
    private final Set<SessionHandle> paused = ConcurrentHashMap.newKeySet();

    SessionBridge(RouteEngine engine, AtomicReference<JbgpdConfig> config, Function<PeerId, IpAddress> localAddress) {
        this.engine = engine;
        this.config = config;
        this.localAddress = localAddress;
        engine.onInputResumed(this::resumeAll);
    }

    @Override
    public void established(PeerId peer, Negotiated n, SessionHandle handle) {
        JbgpdConfig c = config.get();
        Policies p = policies(c, peer);
        handles.put(peer.address(), handle);
        GracefulRestartInfo gr = n.peerGracefulRestart();
        GracefulRestart rgr = gr == null ? null : new GracefulRestart(gr.restartTimeSeconds(), gr.restarting(),
                gr.forwardingPreserved().keySet(),
                gr.forwardingPreserved().entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet()));
        // Our end of the connection is the next hop we announce; the handle knows it, the fallback guesses from config.
        IpAddress local = handle.localAddress() != null ? handle.localAddress() : localAddress.apply(peer);
        engine.peerUp(new RibPeer(peer.name(), peer.address(), local, n.peerAs(), c.asNumber(),
                IpAddress.ofV4(n.peerBgpIdentifier()), n.families(), n.addPathReceive(), rgr,
                PolicyMapping.resolve(c, p.importPolicy), PolicyMapping.resolve(c, p.exportPolicy), p.maxPrefixes,
                handle.linkIndex()));
    }

    @Override
    public void updateReceived(PeerId peer, Update update) {
        Gathered g = gathered.get(peer.address()); // a plain read per UPDATE; computeIfAbsent locks the bin
        if (g == null) g = gathered.computeIfAbsent(peer.address(), a -> new Gathered());
        g.updates.add(update);
        g.prefixes += update.announcedCount() + update.withdrawnCount();
        if (g.prefixes >= HAND_ON_PREFIXES || g.updates.size() >= HAND_ON_UPDATES) handOn(peer.address(), g);
    }

    @Override
    public void readComplete(PeerId peer) { handOn(peer.address()); }

    /** Everything gathered for the peer goes to the engine now (before any other event of the peer, to keep the order). */
    private void handOn(IpAddress peer) {
        Gathered g = gathered.get(peer);
        if (g != null) handOn(peer, g);
    }

    private void handOn(IpAddress peer, Gathered g) {
        if (g.updates.isEmpty()) return;
        engine.updates(peer, g.updates);
        g.updates.clear();
        g.prefixes = 0;
        if (!engine.acceptingInput()) pause(handles.get(peer));
    }

    /**
     * Stops reading a session whose UPDATE found the engine's queue full. Every session that delivers
     * while the queue is full is paused, and all resume together, so no peer starves another.
     */
    private void pause(SessionHandle h) {
        if (h == null) return;
        // The stop goes out before h is in the set: whoever takes h out of the set (resumeAll on the engine
        // thread, or the check below) asks to read again after it, and the handle applies them in that order.
        // Added first, a resumeAll in between queued the resume before the stop and the session stayed
        // paused for good (a 1M e2e run stalled at 490,616 routes).
        h.setReading(false);
        paused.add(h);
        // The engine may have drained the queue (and resumed everyone) between our look and the add: no
        // session may stay paused with nobody left to resume it.
        if (engine.acceptingInput() && paused.remove(h)) h.setReading(true);
    }

    @Override
    public void endOfRib(PeerId peer, Family family) {
        handOn(peer.address());
        engine.endOfRib(peer.address(), family);
    }

    @Override
    public void routeRefreshReceived(PeerId peer, RouteRefresh refresh) {
        handOn(peer.address());
        // The engine has no re-send entry yet; our exports are few (announce list), so a refresh is logged only.
        log.debug("peer {}: route refresh for {} (not acted on)", peer, refresh.family());
    }

    @Override
    public void down(PeerId peer, DownReason reason, boolean graceful, int restartTimeSeconds) {
        handOn(peer.address());
        gathered.remove(peer.address());
        SessionHandle h = handles.remove(peer.address());
        if (h != null) paused.remove(h);
        engine.peerDown(peer.address(), !graceful);
    }

    @Override
    public void send(IpAddress peer, ExportBatch batch) {
        SessionHandle h = handles.get(peer);
        if (h == null || batch.isEmpty()) return;
        List<Update> updates = new ArrayList<>(batch.announced().size() + 1);
        if (!batch.withdrawn().isEmpty()) updates.add(Update.withdraw(batch.withdrawn()));
        for (ExportBatch.Group g : batch.announced()) updates.add(Update.announce(g.attributes(), g.prefixes()));
        h.send(updates);
    }

    @Override
    public void endOfRib(IpAddress peer, Family family) {
        SessionHandle h = handles.get(peer);
        if (h != null) h.sendEndOfRib(family);
    }

    @Override
    public void maxPrefixExceeded(IpAddress peer, Family family, long limit) {
        // The engine has already dropped the peer's routes; the session sends Cease 6/1 with AFI/SAFI/limit
        // (RFC 4486) and reconnects after its error back-off.
        log.warn("peer {}: more than {} {} prefixes; closing with Cease 6/1", peer, limit, family.configName());
        SessionHandle h = handles.get(peer);
        if (h != null) h.maxPrefixesExceeded(family, limit);
    }

    /** The engine's queue is down to its low mark: read again (runs on the engine thread, only hands work on). */
    private void resumeAll() {
        for (SessionHandle h : paused) {
            if (paused.remove(h)) h.setReading(true);
        }
    }

    /** The policy names and limit for a peer: its own config, or its range's for a dynamic neighbor. */
    private record Policies(String importPolicy, String exportPolicy, long maxPrefixes) {}

    private static Policies policies(JbgpdConfig c, PeerId peer) {
        if (!peer.dynamic()) {
            for (PeerConfig p : c.peers()) {
                if (p.name().equals(peer.name())) return new Policies(p.importPolicy(), p.exportPolicy(), p.session().maxPrefixes());
            }
        } else {
            String range = peer.name().substring(0, Math.max(0, peer.name().lastIndexOf('/')));
            for (NeighborRangeConfig r : c.neighborRanges()) {
                if (r.name().equals(range)) return new Policies(r.importPolicy(), r.exportPolicy(), r.session().maxPrefixes());
            }
        }
        // A peer removed by a reload while its session came up: accept nothing from it.
        return new Policies(org.jbgpd.config.PolicyConfig.NONE, org.jbgpd.config.PolicyConfig.NONE, 0);
    }

    @Override
    public void close() { engine.onInputResumed(null); }
}
