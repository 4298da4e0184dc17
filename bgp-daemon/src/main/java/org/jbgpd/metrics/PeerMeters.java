package org.jbgpd.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.jbgpd.rib.PeerCounts;
import org.jbgpd.session.SessionSnapshot;
import org.jbgpd.session.SessionState;
import org.jbgpd.transport.PeerSnapshot;
import org.jbgpd.wire.IpAddress;

/**
 * Per-peer series, refreshed from the latest snapshots at each scrape. Peers come and go
 * (dynamic neighbors, reloads), so gauges are multi-gauges rewritten each time and counters are
 * registered when a peer appears and removed when it is gone.
 */
final class PeerMeters {

    private final MeterRegistry registry;
    private final Supplier<List<PeerSnapshot>> sessions;
    private final Supplier<List<PeerCounts>> counts;
    private final MultiGauge up;
    private final MultiGauge state;
    private final MultiGauge prefixes;
    private final Map<String, PeerSnapshot> latest = new HashMap<>();
    private final Map<String, List<Meter>> counters = new HashMap<>();
    /** "peer|sent|code|subcode" of every notification counter registered, so each is registered once. */
    private final java.util.Set<String> notificationKeys = new java.util.HashSet<>();

    PeerMeters(MeterRegistry registry, Supplier<List<PeerSnapshot>> sessions, Supplier<List<PeerCounts>> counts) {
        this.registry = registry;
        this.sessions = sessions;
        this.counts = counts;
        up = MultiGauge.builder("jbgpd.peer.up").description("1 when the session is Established").register(registry);
        state = MultiGauge.builder("jbgpd.peer.state")
                .description("RFC 4271 state: 1 Idle, 2 Connect, 3 Active, 4 OpenSent, 5 OpenConfirm, 6 Established; 0 disabled")
                .register(registry);
        prefixes = MultiGauge.builder("jbgpd.peer.prefixes").description("routes by kind: received, accepted, installed").register(registry);
    }

    /** Called before each scrape, on the scraping thread. */
    synchronized void refresh() {
        List<PeerSnapshot> snaps = sessions.get();
        Map<IpAddress, PeerCounts> byAddress = new HashMap<>();
        for (PeerCounts c : counts.get()) byAddress.put(c.address(), c);
        List<MultiGauge.Row<?>> upRows = new ArrayList<>(), stateRows = new ArrayList<>(), prefixRows = new ArrayList<>();
        Map<String, PeerSnapshot> seen = new HashMap<>();
        for (PeerSnapshot s : snaps) {
            String name = s.peer().name();
            seen.put(name, s);
            Tags tags = Tags.of("peer", name, "address", s.peer().address().toString());
            SessionSnapshot ss = s.session();
            upRows.add(MultiGauge.Row.of(tags, ss.state() == SessionState.ESTABLISHED ? 1 : 0));
            stateRows.add(MultiGauge.Row.of(tags, ss.enabled() ? ss.state().ordinal() + 1 : 0));
            PeerCounts c = byAddress.get(s.peer().address());
            prefixRows.add(MultiGauge.Row.of(tags.and("kind", "received"), c == null ? 0 : c.received()));
            prefixRows.add(MultiGauge.Row.of(tags.and("kind", "accepted"), c == null ? 0 : c.accepted()));
            prefixRows.add(MultiGauge.Row.of(tags.and("kind", "installed"), c == null ? 0 : c.installed()));
            if (!counters.containsKey(name)) counters.put(name, registerCounters(name, tags));
            for (SessionSnapshot.NotificationCount n : ss.notifications()) {
                String key = name + "|" + n.sent() + "|" + n.code() + "|" + n.subcode();
                if (notificationKeys.add(key)) {
                    counters.get(name).add(FunctionCounter.builder("jbgpd.peer.notifications", this, m -> m.notifications(name, n.sent(), n.code(), n.subcode()))
                            .description("NOTIFICATIONs by error code, subcode and direction (out = sent by us)")
                            .tags(tags.and("code", Integer.toString(n.code()), "subcode", Integer.toString(n.subcode()),
                                    "direction", n.sent() ? "out" : "in"))
                            .register(registry));
                }
            }
        }
        up.register(upRows, true);
        state.register(stateRows, true);
        prefixes.register(prefixRows, true);
        latest.clear();
        latest.putAll(seen);
        counters.entrySet().removeIf(e -> {
            if (seen.containsKey(e.getKey())) return false;
            e.getValue().forEach(registry::remove);
            notificationKeys.removeIf(k -> k.startsWith(e.getKey() + "|"));
            return true;
        });
    }

    private List<Meter> registerCounters(String name, Tags tags) {
        List<Meter> meters = new ArrayList<>();
        String[] types = {"open", "update", "notification", "keepalive", "route-refresh"};
        for (String direction : new String[] {"in", "out"}) {
            for (String type : types) {
                ToDoubleFunction<PeerMeters> f = m -> m.messages(name, direction, type);
                meters.add(FunctionCounter.builder("jbgpd.peer.messages", this, f)
                        .description("BGP messages by type and direction").tags(tags.and("type", type, "direction", direction))
                        .register(registry));
            }
        }
        meters.add(FunctionCounter.builder("jbgpd.peer.established", this, m -> m.established(name))
                .description("times the session reached Established").tags(tags).register(registry));
        return meters;
    }

    private synchronized double messages(String name, String direction, String type) {
        PeerSnapshot s = latest.get(name);
        if (s == null) return 0;
        SessionSnapshot.MessageCounts m = direction.equals("in") ? s.session().received() : s.session().sent();
        if (m == null) return 0;
        return switch (type) {
            case "open" -> m.open();
            case "update" -> m.update();
            case "notification" -> m.notification();
            case "keepalive" -> m.keepalive();
            default -> m.routeRefresh();
        };
    }

    private synchronized double notifications(String name, boolean sent, int code, int subcode) {
        PeerSnapshot s = latest.get(name);
        if (s == null) return 0;
        for (SessionSnapshot.NotificationCount n : s.session().notifications()) {
            if (n.sent() == sent && n.code() == code && n.subcode() == subcode) return n.count();
        }
        return 0;
    }

    private synchronized double established(String name) {
        PeerSnapshot s = latest.get(name);
        return s == null ? 0 : s.session().establishedTransitions();
    }
}
