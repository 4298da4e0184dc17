package org.jbgpd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jbgpd.session.PeerId;
import org.jbgpd.session.SessionSnapshot;
import org.jbgpd.session.SessionSnapshot.NotificationCount;
import org.jbgpd.session.SessionState;
import org.jbgpd.transport.PeerSnapshot;
import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.Test;

/** NOTIFICATION counters per peer, code, subcode and direction, as Prometheus text; they follow the snapshots. */
class PeerMetersTest {

    private static PeerSnapshot rr1(List<NotificationCount> notifications) {
        SessionSnapshot s = new SessionSnapshot("rr1", SessionState.ACTIVE, 0, true, null, null, null, null, 1, notifications);
        return new PeerSnapshot(new PeerId("rr1", IpAddress.parse("198.51.100.11"), false), 64512, s, null, null);
    }

    /**
     * A scrape with the same peers adds and removes no meter (ADR 0130): the per-peer gauges were
     * multi-gauge rows registered anew at every scrape, which made garbage and a new layout of the
     * whole text each time. A peer that goes takes its series with it; values follow the snapshots.
     */
    @Test
    void theSamePeersKeepTheirMetersFromScrapeToScrape() {
        PrometheusTextRegistry registry = new PrometheusTextRegistry();
        java.util.concurrent.atomic.AtomicInteger changes = new java.util.concurrent.atomic.AtomicInteger();
        registry.config().onMeterAdded(m -> changes.incrementAndGet()).onMeterRemoved(m -> changes.incrementAndGet());
        AtomicReference<List<PeerSnapshot>> peers = new AtomicReference<>(List.of(rr1(List.of())));
        PeerMeters meters = new PeerMeters(registry, peers::get,
                () -> List.of(new org.jbgpd.rib.PeerCounts("rr1", IpAddress.parse("198.51.100.11"), 7, 6, 5, 0, true)));
        meters.refresh();
        int first = changes.get();
        assertTrue(first > 0);
        meters.refresh();
        meters.refresh();
        assertEquals(first, changes.get(), "meters added or removed by a scrape with the same peers");
        assertEquals(6.0, registry.get("jbgpd.peer.prefixes").tags("kind", "accepted").gauge().value());
        assertEquals(3.0, registry.get("jbgpd.peer.state").gauge().value(), "Active");
        SessionSnapshot up = new SessionSnapshot("rr1", SessionState.ESTABLISHED, 0, true, null, null, null, null, 1, List.of());
        peers.set(List.of(new PeerSnapshot(new PeerId("rr1", IpAddress.parse("198.51.100.11"), false), 64512, up, null, null)));
        meters.refresh();
        assertEquals(first, changes.get());
        assertEquals(1.0, registry.get("jbgpd.peer.up").gauge().value());
        peers.set(List.of());
        meters.refresh();
        assertTrue(registry.find("jbgpd.peer.up").gauges().isEmpty() && registry.find("jbgpd.peer.messages").functionCounters().isEmpty());
    }

    @Test
    void notificationsAreCountedByCodeSubcodeAndDirection() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicReference<List<PeerSnapshot>> peers = new AtomicReference<>(List.of(rr1(List.of())));
        PeerMeters meters = new PeerMeters(registry, peers::get, List::of);
        meters.refresh();
        assertFalse(registry.scrape().contains("jbgpd_peer_notifications_total"), "no series before the first NOTIFICATION");

        peers.set(List.of(rr1(List.of(new NotificationCount(true, 6, 4, 2), new NotificationCount(false, 4, 0, 1)))));
        meters.refresh();
        String text = registry.scrape();
        assertTrue(text.contains("jbgpd_peer_notifications_total{address=\"198.51.100.11\",code=\"6\",direction=\"out\",peer=\"rr1\",subcode=\"4\"} 2.0"), text);
        assertTrue(text.contains("jbgpd_peer_notifications_total{address=\"198.51.100.11\",code=\"4\",direction=\"in\",peer=\"rr1\",subcode=\"0\"} 1.0"), text);

        peers.set(List.of(rr1(List.of(new NotificationCount(true, 6, 4, 3), new NotificationCount(false, 4, 0, 1)))));
        meters.refresh();
        assertTrue(registry.scrape().contains("code=\"6\",direction=\"out\",peer=\"rr1\",subcode=\"4\"} 3.0"), registry.scrape());

        peers.set(List.of()); // the peer was removed by a reload: its series go
        meters.refresh();
        assertFalse(registry.scrape().contains("peer=\"rr1\""), registry.scrape());
    }
}
