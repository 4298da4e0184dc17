package org.jbgpd.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Per-peer series, read from the latest snapshots, which each scrape refreshes. Peers come and go
 * (dynamic neighbors, reloads): a peer's meters are registered when it appears (by name and address)
 * and removed when it is gone. Gauges read the snapshot like the counters do instead of being
 * multi-gauge rows rewritten at each scrape: rewritten rows were meters removed and added again at
 * every scrape, garbage and a new layout of the whole text each time (ADR 0130).
 */
final class PeerMeters {

    private final MeterRegistry registry;
    private final Supplier<List<PeerSnapshot>> sessions;
    private final Supplier<List<PeerCounts>> counts;
    /** By {@link #key}: the latest snapshot and route counts of each peer that has meters. */
    private final Map<String, PeerSnapshot> latest = new HashMap<>();
    private final Map<String, PeerCounts> latestCounts = new HashMap<>();
    private final Map<String, List<Meter>> meters = new HashMap<>();
    /** "key|sent|code|subcode" of every notification counter registered, so each is registered once. */
    private final java.util.Set<String> notificationKeys = new java.util.HashSet<>();

    PeerMeters(MeterRegistry registry, Supplier<List<PeerSnapshot>> sessions, Supplier<List<PeerCounts>> counts) {
        this.registry = registry;
        this.sessions = sessions;
        this.counts = counts;
    }

    /** A peer's meters carry its name and address: a reload that gives a name another address gives it new series. */
    private static String key(PeerSnapshot s) {
        return s.peer().name() + "|" + s.peer().address();
    }

    /** Called before each scrape, on the scraping thread. */
    synchronized void refresh() {
        List<PeerSnapshot> snaps = sessions.get();
        Map<IpAddress, PeerCounts> byAddress = new HashMap<>();
        for (PeerCounts c : counts.get()) byAddress.put(c.address(), c);
        latest.clear();
        latestCounts.clear();
        for (PeerSnapshot s : snaps) {
            String key = key(s);
            latest.put(key, s);
            PeerCounts c = byAddress.get(s.peer().address());
            if (c != null) latestCounts.put(key, c);
            Tags tags = Tags.of("peer", s.peer().name(), "address", s.peer().address().toString());
            if (!meters.containsKey(key)) meters.put(key, register(key, tags));
            for (SessionSnapshot.NotificationCount n : s.session().notifications()) {
                if (notificationKeys.add(key + "|" + n.sent() + "|" + n.code() + "|" + n.subcode())) {
                    meters.get(key).add(FunctionCounter.builder("jbgpd.peer.notifications", this, m -> m.notifications(key, n.sent(), n.code(), n.subcode()))
                            .description("NOTIFICATIONs by error code, subcode and direction (out = sent by us)")
                            .tags(tags.and("code", Integer.toString(n.code()), "subcode", Integer.toString(n.subcode()),
                                    "direction", n.sent() ? "out" : "in"))
                            .register(registry));
                }
            }
        }
        meters.entrySet().removeIf(e -> {
            if (latest.containsKey(e.getKey())) return false;
            e.getValue().forEach(registry::remove);
            notificationKeys.removeIf(k -> k.startsWith(e.getKey() + "|"));
            return true;
        });
    }

    private List<Meter> register(String key, Tags tags) {
        List<Meter> list = new ArrayList<>();
        list.add(Gauge.builder("jbgpd.peer.up", this, m -> m.up(key)).description("1 when the session is Established").tags(tags).register(registry));
        list.add(Gauge.builder("jbgpd.peer.state", this, m -> m.state(key))
                .description("RFC 4271 state: 1 Idle, 2 Connect, 3 Active, 4 OpenSent, 5 OpenConfirm, 6 Established; 0 disabled")
                .tags(tags).register(registry));
        for (String kind : new String[] {"received", "accepted", "installed"}) {
            list.add(Gauge.builder("jbgpd.peer.prefixes", this, m -> m.prefixes(key, kind)).description("routes by kind: received, accepted, installed")
                    .tags(tags.and("kind", kind)).register(registry));
        }
        String[] types = {"open", "update", "notification", "keepalive", "route-refresh"};
        for (String direction : new String[] {"in", "out"}) {
            for (String type : types) {
                ToDoubleFunction<PeerMeters> f = m -> m.messages(key, direction, type);
                list.add(FunctionCounter.builder("jbgpd.peer.messages", this, f)
                        .description("BGP messages by type and direction").tags(tags.and("type", type, "direction", direction))
                        .register(registry));
            }
        }
        list.add(FunctionCounter.builder("jbgpd.peer.established", this, m -> m.established(key))
                .description("times the session reached Established").tags(tags).register(registry));
        return list;
    }

    private synchronized double up(String key) {
        PeerSnapshot s = latest.get(key);
        return s != null && s.session().state() == SessionState.ESTABLISHED ? 1 : 0;
    }

    private synchronized double state(String key) {
        PeerSnapshot s = latest.get(key);
        return s == null || !s.session().enabled() ? 0 : s.session().state().ordinal() + 1;
    }

    private synchronized double prefixes(String key, String kind) {
        PeerCounts c = latestCounts.get(key);
        if (c == null) return 0;
        return switch (kind) {
            case "received" -> c.received();
            case "accepted" -> c.accepted();
            default -> c.installed();
        };
    }

    private synchronized double messages(String key, String direction, String type) {
        PeerSnapshot s = latest.get(key);
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

    private synchronized double notifications(String key, boolean sent, int code, int subcode) {
        PeerSnapshot s = latest.get(key);
        if (s == null) return 0;
        for (SessionSnapshot.NotificationCount n : s.session().notifications()) {
            if (n.sent() == sent && n.code() == code && n.subcode() == subcode) return n.count();
        }
        return 0;
    }

    private synchronized double established(String key) {
        PeerSnapshot s = latest.get(key);
        return s == null ? 0 : s.session().establishedTransitions();
    }
}
