package org.jbgpd.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

/** A fixed, in-memory daemon view for tests of the control server and jbgpctl; records the actions it gets. */
public final class FakeControlService implements ControlService {

    public final List<String> actions = new java.util.concurrent.CopyOnWriteArrayList<>(); // written on the event loop, read by the test

    public static final PeerSummary RR1 = new PeerSummary("rr1", "198.51.100.11", "iBGP", "Established",
            "2026-12-01T09:40:12Z", "Established", 12, 10, 10);
    public static final PeerSummary RR2 = new PeerSummary("rr2", "198.51.100.12", "iBGP", "Active",
            "2026-11-30T23:00:00Z", "Connection refused", 0, 0, 0);
    public static final RouteEntry POD_BLOCK = new RouteEntry("10.20.1.0/26", List.of(
            new PathEntry("rr1", "198.51.100.21", "", "IGP", 100L, null, List.of(), true, false, false, false),
            new PathEntry("rr2", "198.51.100.22", "", "IGP", 100L, null, List.of(), false, true, false, false)),
            List.of("198.51.100.21", "198.51.100.22"));
    public static final RouteEntry OTHER_BLOCK = new RouteEntry("10.20.2.0/26", List.of(
            new PathEntry("rr1", "198.51.100.23", "", "IGP", 100L, null, List.of(), true, false, false, false)),
            List.of("198.51.100.23"));
    /** A peer restarting (its path kept stale) and a path whose next hop no route reaches (GoBGP over an IPv4 session). */
    public static final RouteEntry V6_BLOCK = new RouteEntry("2001:db8:60::/48", List.of(
            new PathEntry("rr1", "2001:db8:1::21", "", "IGP", 100L, null, List.of(), true, false, false, true),
            new PathEntry("gobgp", "::ffff:192.0.2.2", "65002", "IGP", null, null, List.of(), false, false, true, false)),
            List.of("2001:db8:1::21"));

    @Override
    public CompletionStage<List<PeerSummary>> peers() { return CompletableFuture.completedFuture(List.of(RR1, RR2)); }

    @Override
    public CompletionStage<Optional<PeerDetail>> peer(String name) {
        if (!name.equals("rr1")) return CompletableFuture.completedFuture(Optional.empty());
        return CompletableFuture.completedFuture(Optional.of(new PeerDetail(RR1, 64512, 64512, "198.51.100.11", "198.51.100.250",
                90, 30, List.of("ipv4"), List.of("mp ipv4", "4-octet-as", "route-refresh", "graceful-restart 120"),
                Map.of("update", 5L, "keepalive", 40L), Map.of("keepalive", 41L), 1, null, true)));
    }

    @Override
    public CompletionStage<List<RouteEntry>> routes(IpPrefix within) {
        return CompletableFuture.completedFuture(List.of(POD_BLOCK, OTHER_BLOCK, V6_BLOCK).stream()
                .filter(r -> within == null || within.contains(IpPrefix.parse(r.prefix())))
                .sorted(Comparator.comparing(r -> IpPrefix.parse(r.prefix())))
                .toList());
    }

    @Override
    public CompletionStage<Optional<RouteEntry>> route(IpAddress address) {
        return CompletableFuture.completedFuture(List.of(POD_BLOCK, OTHER_BLOCK, V6_BLOCK).stream()
                .filter(r -> IpPrefix.parse(r.prefix()).contains(address)).findFirst());
    }

    @Override
    public CompletionStage<ActionResult> stop(boolean gracefulRestart) {
        actions.add(gracefulRestart ? "stop graceful" : "stop");
        return CompletableFuture.completedFuture(ActionResult.done(gracefulRestart ? "stopping for a planned restart" : "stopping"));
    }

    @Override
    public void stopAnswered(boolean gracefulRestart) {
        actions.add(gracefulRestart ? "stopped graceful" : "stopped");
    }

    @Override
    public CompletionStage<ActionResult> reload() {
        actions.add("reload");
        return CompletableFuture.completedFuture(new ActionResult(ActionResult.Outcome.REJECTED, "config rejected, running config kept",
                List.of("jbgpd.yaml:3:11: asNumber is 0, must be in 1..4294967295")));
    }

    @Override
    public CompletionStage<ActionResult> resetPeer(String name) { return act("reset " + name, name); }

    @Override
    public CompletionStage<ActionResult> shutdownPeer(String name, String message) { return act("shutdown " + name + " " + message, name); }

    @Override
    public CompletionStage<ActionResult> enablePeer(String name) { return act("enable " + name, name); }

    private CompletionStage<ActionResult> act(String what, String name) {
        if (!name.equals("rr1") && !name.equals("rr2")) return CompletableFuture.completedFuture(ActionResult.notFound("no peer named " + name));
        actions.add(what);
        return CompletableFuture.completedFuture(ActionResult.done(what + ": done"));
    }
}
