package org.jbgpd.rib;

import org.jbgpd.fib.InMemoryFib;
import org.jbgpd.fib.NextHopState;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.PrefixBatch;
import org.jbgpd.wire.Update;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.jbgpd.rib.RibHarness.*;
import static org.junit.jupiter.api.Assertions.*;

/** The engine thread: inputs from another thread, FIB answers through the queue, snapshots. */
class RouteEngineTest {

    @Test
    void routesFlowFromCallerThreadsToTheFibAndSnapshots() throws Exception {
        InMemoryFib fib = new InMemoryFib();
        try (RouteEngine engine = new RouteEngine(RibConfig.of(ROUTER_ID, LOCAL_AS, true), fib, OutboundSink.NONE)) {
            engine.start();
            engine.peerUp(ibgp("198.51.100.11", "198.51.100.11"));
            long[] packed = new long[1000];
            for (int i = 0; i < 1000; i++) packed[i] = IpPrefix.packV4(0x0a140000 + (i << 6), 26);
            engine.update(ip("198.51.100.11"), Update.announce(attrs("198.51.100.21").build(), PrefixBatch.ofPackedV4(packed, null)));
            engine.barrier().get(10, TimeUnit.SECONDS);
            assertEquals(1000, fib.routes().size());
            PeerCounts c = engine.peerCounts().getFirst();
            assertEquals(1000, c.received());
            assertEquals(1000, c.installed());
            RouteView v = engine.showRoute(ip("10.20.0.70")).get(10, TimeUnit.SECONDS);
            assertEquals(pfx("10.20.0.64/26"), v.prefix());
            assertEquals(1000, engine.showRoutes(pfx("10.20.0.0/16")).get(10, TimeUnit.SECONDS).size());

            fib.setNextHop(NextHopState.unreachable(ip("198.51.100.21"))); // answer arrives on "the FIB thread"
            engine.barrier().get(10, TimeUnit.SECONDS);
            assertTrue(fib.routes().isEmpty());
            assertEquals(1000, engine.peerCounts().getFirst().accepted());
            engine.barrier().get(10, TimeUnit.SECONDS); // the FIB's confirmation is itself an event behind the last one
            assertEquals(2, engine.fibApplied());

            assertEquals(0, engine.backlogWeight(), "everything queued was applied");

            engine.peerDown(ip("198.51.100.11"), true);
            engine.barrier().get(10, TimeUnit.SECONDS);
            assertTrue(engine.peerCounts().isEmpty(), "a peer without routes and session is forgotten");
        }
        }

    @Test
    void backlogCountsQueuedPrefixesUntilTheEngineAppliesThem() throws Exception {
        try (RouteEngine engine = new RouteEngine(RibConfig.of(ROUTER_ID, LOCAL_AS, true), new InMemoryFib(), OutboundSink.NONE)) {
            engine.peerUp(ibgp("198.51.100.11", "198.51.100.11"));
            long[] packed = new long[300];
            for (int i = 0; i < 300; i++) packed[i] = IpPrefix.packV4(0x0a140000 + (i << 6), 26);
            Update u = Update.announce(attrs("198.51.100.21").build(), PrefixBatch.ofPackedV4(packed, null));
            engine.updates(ip("198.51.100.11"), List.of(u, u));  // not started: nothing is taken off the queue
            engine.update(ip("198.51.100.11"), Update.withdraw(PrefixBatch.ofPackedV4(new long[] {packed[0]}, null)));
            assertEquals(601 + 3 * RouteEngine.UPDATE_WEIGHT, engine.backlogWeight(), "601 prefixes in 3 UPDATEs");
            engine.start();
            engine.barrier().get(10, TimeUnit.SECONDS);
            assertEquals(0, engine.backlogWeight());
        }
    }
}
