package org.jbgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jbgpd.config.ConfigLoader;
import org.jbgpd.config.JbgpdConfig;
import org.jbgpd.fib.InMemoryFib;
import org.jbgpd.rib.OutboundSink;
import org.jbgpd.rib.RibConfig;
import org.jbgpd.rib.RouteEngine;
import org.jbgpd.session.Negotiated;
import org.jbgpd.session.PeerId;
import org.jbgpd.session.SessionHandle;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.Origin;
import org.jbgpd.wire.PathAttributes;
import org.jbgpd.wire.PrefixBatch;
import org.jbgpd.wire.Update;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure between a session and the engine (ADR 0087): a session the bridge stops because the engine's queue is
 * full must read again once the queue has drained, however the engine's resume and the bridge's stop interleave.
 */
class SessionBridgeFlowTest {

    private static final IpAddress PEER = IpAddress.parse("198.51.100.11");
    /** More prefixes than the engine's input high mark (32,768): one UPDATE fills the queue. */
    private static final int PREFIXES = 40_000;

    /**
     * The engine drains its queue and resumes everyone in the instant between the bridge's decision to stop the
     * session and that stop reaching the session. Before the fix the resume went first, the stop after it, and the
     * session never read again: a 1M e2e run stalled at 490,616 routes with the engine idle (fib, 2026-12-02).
     */
    @Test
    void aSessionStoppedWhileTheEngineDrainsReadsAgain() throws Exception {
        JbgpdConfig config = ConfigLoader.parse("t.yaml", """
                routerId: 198.51.100.250
                asNumber: 64512
                peers: [{name: rr1, address: 198.51.100.11, importPolicy: all}]
                kernel: {enabled: false}
                """, Path.of(".")).config();
        InMemoryFib fib = new InMemoryFib();
        RibConfig rib = new RibConfig(config.routerId(), null, config.asNumber(), true, 0, 0, null, List.of());
        try (RouteEngine engine = new RouteEngine(rib, fib, OutboundSink.NONE)) {
            SessionBridge bridge = new SessionBridge(engine, new AtomicReference<>(config), peer -> IpAddress.parse("198.51.100.250"));
            // The engine is not running yet, so the UPDATE fills its queue; it runs (and drains) inside the stop.
            ReadingLog session = new ReadingLog(() -> {
                engine.start();
                engine.barrier().get(30, TimeUnit.SECONDS);
            });
            PeerId peer = new PeerId("rr1", PEER, false);
            bridge.established(peer, new Negotiated(64512, 0x0a000001, Set.of(Family.IPV4_UNICAST), true, true, false,
                    Set.of(), Set.of(), null, false, 90, 30), session);

            bridge.updateReceived(peer, announce(PREFIXES));

            assertFalse(session.calls.isEmpty(), "the full queue must have stopped the session");
            assertEquals(true, session.calls.getLast(), "the session must read again once the queue drained: " + session.calls);
            engine.barrier().get(30, TimeUnit.SECONDS);
            assertEquals(PREFIXES, engine.peerCounts().getFirst().installed());
            bridge.close();
        }
    }

    /** n /26 prefixes in 10.0.0.0/8, one UPDATE. */
    private static Update announce(int n) {
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) packed[i] = IpPrefix.packV4(0x0a000000 + (i << 6), 26);
        PathAttributes a = PathAttributes.builder().origin(Origin.IGP).asPath(AsPath.EMPTY).nextHop(IpAddress.parse("198.51.100.21")).build();
        return Update.announce(a, PrefixBatch.ofPackedV4(packed, null));
    }

    /** What the flow control does to the session is all this records; the first stop runs {@code onFirstStop} first. */
    private static final class ReadingLog implements SessionHandle {
        interface Action { void run() throws Exception; }

        final List<Boolean> calls = new CopyOnWriteArrayList<>();
        private Action onFirstStop;

        ReadingLog(Action onFirstStop) { this.onFirstStop = onFirstStop; }

        @Override
        public void setReading(boolean reading) {
            if (!reading && onFirstStop != null) {
                Action a = onFirstStop;
                onFirstStop = null;
                try {
                    a.run();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            calls.add(reading);
        }

        @Override public PeerId peer() { return new PeerId("rr1", PEER, false); }
        @Override public IpAddress localAddress() { return IpAddress.parse("198.51.100.250"); }
        @Override public Negotiated negotiated() { return null; }
        @Override public boolean send(List<Update> updates) { return true; }
        @Override public boolean sendEndOfRib(Family family) { return true; }
        @Override public boolean requestRouteRefresh(Family family) { return false; }
        @Override public void maxPrefixesExceeded(Family family, long limit) { }
        @Override public boolean isOpen() { return true; }
    }
}
