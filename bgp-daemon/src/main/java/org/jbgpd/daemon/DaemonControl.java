package org.jbgpd.daemon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.jbgpd.control.ActionResult;
import org.jbgpd.control.ControlService;
import org.jbgpd.control.PathEntry;
import org.jbgpd.control.PeerDetail;
import org.jbgpd.control.PeerSummary;
import org.jbgpd.control.RouteEntry;
import org.jbgpd.fib.NextHop;
import org.jbgpd.rib.PathView;
import org.jbgpd.rib.PeerCounts;
import org.jbgpd.rib.RouteEngine;
import org.jbgpd.rib.RouteView;
import org.jbgpd.session.Negotiated;
import org.jbgpd.session.SessionSnapshot;
import org.jbgpd.session.SessionState;
import org.jbgpd.transport.BgpTransport;
import org.jbgpd.transport.PeerSnapshot;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.PathAttributes;

/**
 * The control API's view of the running daemon: session snapshots from the transport, counts
 * and routes from the engine. State changes run on one admin thread, one at a time.
 */
final class DaemonControl implements ControlService {

    private final BgpTransport transport;
    private final RouteEngine engine;
    private final long localAs;
    private final ExecutorService admin;
    private final Supplier<ActionResult> reload;
    private final java.util.function.Consumer<Daemon.StopMode> stop;

    DaemonControl(BgpTransport transport, RouteEngine engine, long localAs, ExecutorService admin, Supplier<ActionResult> reload,
            java.util.function.Consumer<Daemon.StopMode> stop) {
        this.transport = transport;
        this.engine = engine;
        this.localAs = localAs;
        this.admin = admin;
        this.reload = reload;
        this.stop = stop;
    }

    @Override
    public CompletionStage<List<PeerSummary>> peers() {
        return CompletableFuture.supplyAsync(() -> {
            Map<IpAddress, PeerCounts> counts = counts();
            return transport.snapshots().stream().map(s -> summary(s, counts.get(s.peer().address()))).toList();
        }, admin);
    }

    @Override
    public CompletionStage<Optional<PeerDetail>> peer(String name) {
        return CompletableFuture.supplyAsync(() -> Optional.ofNullable(transport.snapshot(name)).map(s -> detail(s, counts().get(s.peer().address()))), admin);
    }

    @Override
    public CompletionStage<List<RouteEntry>> routes(IpPrefix within) {
        return engine.showRoutes(within).thenApply(views -> views.stream().map(DaemonControl::entry).filter(e -> !e.paths().isEmpty()).toList());
    }

    @Override
    public CompletionStage<Optional<RouteEntry>> route(IpAddress address) {
        return engine.showRoute(address).thenApply(v -> Optional.ofNullable(v).map(DaemonControl::entry).filter(e -> !e.paths().isEmpty()));
    }

    @Override
    public CompletionStage<ActionResult> reload() { return CompletableFuture.supplyAsync(reload, admin); }

    /** Only the answer: the stop itself comes with {@link #stopAnswered}, once the caller has it. */
    @Override
    public CompletionStage<ActionResult> stop(boolean gracefulRestart) {
        String text = gracefulRestart
                ? "jbgpd stopping for a planned restart: sessions close without NOTIFICATION, kernel routes stay; start it again within the restart time"
                : "jbgpd stopping: Cease 6/2 to every peer";
        return CompletableFuture.supplyAsync(() -> ActionResult.done(text), admin);
    }

    /** Hands the stop to the main thread (it does not block), which then closes everything. */
    @Override
    public void stopAnswered(boolean gracefulRestart) {
        stop.accept(gracefulRestart ? Daemon.StopMode.PLANNED_RESTART : Daemon.StopMode.CEASE);
    }

    @Override
    public CompletionStage<ActionResult> resetPeer(String name) {
        return act(name, () -> transport.resetPeer(name, null), "peer " + name + " reset (Cease 6/4); it reconnects now");
    }

    @Override
    public CompletionStage<ActionResult> shutdownPeer(String name, String message) {
        return act(name, () -> transport.shutdownPeer(name, message),
                "peer " + name + " shut down (Cease 6/2); it stays down until `jbgpctl peer enable " + name + "`");
    }

    @Override
    public CompletionStage<ActionResult> enablePeer(String name) {
        return act(name, () -> transport.enablePeer(name), "peer " + name + " enabled");
    }

    private CompletionStage<ActionResult> act(String name, Supplier<Boolean> action, String done) {
        return CompletableFuture.supplyAsync(() -> action.get() ? ActionResult.done(done) : ActionResult.notFound("no peer named " + name), admin);
    }

    private Map<IpAddress, PeerCounts> counts() {
        Map<IpAddress, PeerCounts> m = new LinkedHashMap<>();
        for (PeerCounts c : engine.peerCounts()) m.put(c.address(), c);
        return m;
    }

    private PeerSummary summary(PeerSnapshot s, PeerCounts c) {
        SessionSnapshot ss = s.session();
        String type = (s.peer().dynamic() ? "dynamic " : "") + (s.asNumber() == localAs ? "iBGP" : "eBGP");
        String state = !ss.enabled() ? "Disabled" : ss.state().displayName();
        String info;
        if (!ss.enabled()) info = "administratively down";
        else if (ss.state() == SessionState.ESTABLISHED) info = "Established";
        else info = ss.lastError() == null ? "" : ss.lastError().describe();
        String since = ss.stateSinceMillis() <= 0 ? null : Instant.ofEpochMilli(ss.stateSinceMillis()).toString();
        return new PeerSummary(s.peer().name(), s.peer().address().toString(), type, state, since, info,
                c == null ? 0 : c.received(), c == null ? 0 : c.accepted(), c == null ? 0 : c.installed());
    }

    private PeerDetail detail(PeerSnapshot s, PeerCounts c) {
        SessionSnapshot ss = s.session();
        Negotiated n = ss.negotiated();
        List<String> caps = new ArrayList<>();
        List<String> families = new ArrayList<>();
        if (n != null) {
            n.families().stream().map(f -> f.configName()).sorted().forEach(f -> { families.add(f); caps.add("mp " + f); });
            if (n.fourOctetAs()) caps.add("4-octet-as");
            if (n.routeRefresh()) caps.add("route-refresh");
            if (n.enhancedRouteRefresh()) caps.add("enhanced-route-refresh");
            if (n.gracefulRestart()) caps.add("graceful-restart " + n.peerGracefulRestart().restartTimeSeconds());
            n.addPathReceive().stream().map(f -> "add-path receive " + f.configName()).sorted().forEach(caps::add);
            if (n.extendedMessage()) caps.add("extended-message");
        }
        return new PeerDetail(summary(s, c), localAs, n == null ? s.asNumber() : n.peerAs(),
                n == null ? null : IpAddress.ofV4(n.peerBgpIdentifier()).toString(), s.localAddress(),
                n == null ? 0 : n.holdTimeSeconds(), n == null ? 0 : n.keepaliveTimeSeconds(), families, caps,
                counts(ss.received()), counts(ss.sent()), ss.establishedTransitions(),
                ss.lastError() == null ? null : ss.lastError().describe(), ss.enabled());
    }

    private static Map<String, Long> counts(SessionSnapshot.MessageCounts m) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (m == null) return out;
        out.put("open", m.open());
        out.put("update", m.update());
        out.put("notification", m.notification());
        out.put("keepalive", m.keepalive());
        out.put("route-refresh", m.routeRefresh());
        return out;
    }

    /** Like BIRD's `show route`: accepted paths only; a prefix whose paths were all rejected by policy is not shown. */
    static RouteEntry entry(RouteView v) {
        List<PathEntry> paths = new ArrayList<>(v.paths().size());
        for (PathView p : v.paths()) {
            if (!p.accepted()) continue;
            PathAttributes a = p.attributes();
            String nextHop = a == null ? "" : a.mpNextHop() != null ? a.mpNextHop().global().toString()
                    : a.nextHop() == null ? "" : a.nextHop().toString();
            List<String> communities = new ArrayList<>();
            if (a != null) {
                for (int i = 0; i < a.communityCount(); i++) {
                    int x = a.community(i);
                    communities.add((x >>> 16) + ":" + (x & 0xffff));
                }
            }
            paths.add(new PathEntry(p.peer(), nextHop, a == null ? "" : a.asPath() == null ? "" : a.asPath().toString(),
                    a == null || a.origin() == null ? "" : a.origin().name(),
                    a != null && a.hasLocalPref() ? a.localPref() : null, a != null && a.hasMed() ? a.med() : null,
                    communities, p.best(), p.multipath(), !p.reachable(), p.stale()));
        }
        List<String> installed = v.installed() == null ? List.of() : v.installed().asList().stream().map(NextHop::toString).toList();
        return new RouteEntry(v.prefix().toString(), paths, installed);
    }
}
