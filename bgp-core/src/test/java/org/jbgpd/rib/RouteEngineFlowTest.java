package org.jbgpd.rib;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.FibListener;
import org.jbgpd.fib.FibPort;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.PrefixBatch;
import org.jbgpd.wire.Update;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.jbgpd.rib.RibHarness.*;
import static org.junit.jupiter.api.Assertions.*;

/** Flow control between the sessions, the engine and the FIB (ADR 0087), counted in routes. */
class RouteEngineFlowTest {

    private static final IpAddress PEER = ip("198.51.100.11");

    @Test
    void aSlowFibStopsTheEngineAndAFullQueueStopsInputUntilTheFibCatchesUp() throws Exception {
        HeldFib fib = new HeldFib();
        AtomicInteger resumed = new AtomicInteger();
        try (RouteEngine engine = new RouteEngine(RibConfig.of(ROUTER_ID, LOCAL_AS, true), fib, OutboundSink.NONE,
                1 << 12, 1 << 4, new FlowGate(100, 50), 200, 50)) {
            engine.onInputResumed(resumed::incrementAndGet);
            engine.start();
            engine.peerUp(ibgp("198.51.100.11", "198.51.100.11"));
            engine.update(PEER, announce(0, 500));
            await(() -> fib.held() == 1);
            assertEquals(500, engine.fibBacklog());

            engine.update(PEER, announce(500, 300)); // decided, then held: the FIB has 500 > 100 unacknowledged
            await(() -> engine.backlogWeight() == 0);
            engine.update(PEER, announce(800, 300)); // waits in the queue behind the held engine
            long queued = 300 + RouteEngine.UPDATE_WEIGHT; // its prefixes and the UPDATE itself
            assertEquals(queued, engine.backlogWeight());
            assertFalse(engine.acceptingInput(), "300 queued prefixes > 200: sessions must stop reading");
            assertEquals(1, fib.held(), "nothing more reaches the FIB while it is behind");
            int resumes = resumed.get();
            Thread.sleep(50); // no timing assertion: only a chance for a wrong engine to move on
            assertEquals(resumes, resumed.get(), "the queue is not resumed while the engine waits for the FIB");
            assertEquals(queued, engine.backlogWeight());

            fib.ackOne(); // the FIB catches up: the engine goes on, takes the queue and tells the sessions
            await(() -> resumed.get() == resumes + 1);
            assertTrue(engine.acceptingInput());
            while (fib.installed() < 1100) {
                await(() -> fib.held() > 0);
                fib.ackOne();
            }
            assertTrue(fib.maxUnacknowledgedAtSubmit <= 100, "a batch went to a FIB already behind: " + fib.maxUnacknowledgedAtSubmit);
            engine.barrier().get(10, TimeUnit.SECONDS);
            assertEquals(1100, engine.peerCounts().getFirst().installed());
            assertEquals(0, engine.backlogWeight());
        }
    }

    @Test
    void aPeerGoingDownIsHandedToTheFibInBoundedSlices() throws Exception {
        HeldFib fib = new HeldFib();
        fib.autoAck = true;
        int n = 40_000;
        try (RouteEngine engine = new RouteEngine(RibConfig.of(ROUTER_ID, LOCAL_AS, true), fib, OutboundSink.NONE)) {
            engine.start();
            engine.peerUp(ibgp("198.51.100.11", "198.51.100.11"));
            engine.update(PEER, announce(0, n));
            engine.barrier().get(10, TimeUnit.SECONDS);
            assertEquals(n, fib.installed());
            engine.peerDown(PEER, true);
            engine.barrier().get(10, TimeUnit.SECONDS);
            assertEquals(0, fib.installed());
            assertTrue(fib.largestBatch <= Rib.MAX_FIB_BATCH, "largest FIB batch " + fib.largestBatch);
        }
    }

    @Test
    void anIdleFibGetsTheFirstUpdateAtOnceWhileTheRestOfTheRunIsGathered() throws Exception {
        HeldFib fib = new HeldFib();
        try (RouteEngine engine = new RouteEngine(RibConfig.of(ROUTER_ID, LOCAL_AS, true), fib, OutboundSink.NONE)) {
            engine.peerUp(ibgp("198.51.100.11", "198.51.100.11"));
            // Queued before the engine starts: one run of four UPDATEs, as at the start of a table load.
            engine.updates(PEER, List.of(announce(0, 300), announce(300, 300), announce(600, 300), announce(900, 300)));
            engine.start();
            await(() -> fib.held() == 2);
            assertEquals(List.of(300, 900), fib.batchSizes(),
                    "the idle FIB gets the first UPDATE's routes at once, the rest of the run in one more batch");
            fib.ackOne();
            fib.ackOne();
            engine.barrier().get(10, TimeUnit.SECONDS);
            assertEquals(1200, fib.installed());
        }
    }

    @Test
    void aBusyFibGetsNoSmallBatchesInsideARun() throws Exception {
        HeldFib fib = new HeldFib();
        try (RouteEngine engine = new RouteEngine(RibConfig.of(ROUTER_ID, LOCAL_AS, true), fib, OutboundSink.NONE)) {
            engine.start();
            engine.peerUp(ibgp("198.51.100.11", "198.51.100.11"));
            engine.update(PEER, announce(0, 10));
            await(() -> fib.held() == 1); // the FIB now has routes in flight
            engine.updates(PEER, List.of(announce(10, 300), announce(310, 300), announce(610, 300)));
            await(() -> fib.held() == 2);
            engine.barrier().get(10, TimeUnit.SECONDS);
            assertEquals(List.of(10, 900), fib.batchSizes(), "while the FIB is busy a run's UPDATEs go in one batch");
        }
    }

    /** n /26 prefixes in 10.0.0.0/8 from the first-th on, one UPDATE. */
    private static Update announce(int first, int n) {
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) packed[i] = IpPrefix.packV4(0x0a000000 + ((first + i) << 6), 26);
        return Update.announce(attrs("198.51.100.21").build(), PrefixBatch.ofPackedV4(packed, null));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("condition not reached in 30 s");
            Thread.sleep(2);
        }
    }

    /** A FIB that keeps batches until the test acknowledges them (or acknowledges at once with autoAck). */
    private static final class HeldFib implements FibPort {
        private final ArrayDeque<FibBatch> held = new ArrayDeque<>();
        private final java.util.Set<Long> routes = new java.util.HashSet<>();
        private volatile FibListener listener;
        volatile boolean autoAck;
        private long unacknowledged;
        volatile long maxUnacknowledgedAtSubmit;
        volatile int largestBatch;
        private final List<Integer> sizes = new ArrayList<>();

        @Override public void connect(FibListener l) { listener = l; }

        @Override
        public void submit(FibBatch batch) {
            synchronized (this) {
                maxUnacknowledgedAtSubmit = Math.max(maxUnacknowledgedAtSubmit, unacknowledged);
                largestBatch = Math.max(largestBatch, batch.size());
                sizes.add(batch.size());
                unacknowledged += batch.size();
                held.add(batch);
            }
            if (autoAck) ackOne();
        }

        void ackOne() {
            FibBatch b;
            synchronized (this) {
                b = held.poll();
                if (b == null) return;
                unacknowledged -= b.size();
                for (int i = 0; i < b.size(); i++) {
                    long key = (b.addressHi(i) << 8) | b.length(i);
                    if (b.isWithdraw(i)) routes.remove(key);
                    else routes.add(key);
                }
            }
            listener.applied(b.sequence(), 0);
        }

        synchronized int held() { return held.size(); }

        synchronized List<Integer> batchSizes() { return List.copyOf(sizes); }

        synchronized int installed() { return routes.size(); }

        @Override public void watch(IpAddress nextHop) { }

        @Override public void unwatch(IpAddress nextHop) { }
    }
}
