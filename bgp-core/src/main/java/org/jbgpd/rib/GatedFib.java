package org.jbgpd.rib;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.FibListener;
import org.jbgpd.fib.FibPort;
import org.jbgpd.fib.NextHopState;
import org.jbgpd.fib.PrefixIds;
import org.jbgpd.wire.IpAddress;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The engine's side of the FIB hand-off with a bound (ADR 0087): counts the routes in batches
 * submitted and not yet {@linkplain FibListener#applied acknowledged}, and makes {@link #submit}
 * wait while that count is above the gate's high mark until it falls to the low mark. The kernel
 * writes slower than the engine decides, so without this the batches of a full-table load pile up
 * in the FIB's queue (and, under the serial collector, in the old generation).
 *
 * <p>Waiting here stops the engine thread, so its input queue grows and the sessions stop reading
 * (see {@link RouteEngine#inputGate()}). The FIB thread never waits for the engine (its listener
 * calls only enqueue), so the wait always ends while the FIB makes progress; a FIB that stopped
 * acknowledging would hold the engine, which is logged.
 */
final class GatedFib implements FibPort {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GatedFib.class);
    private static final long LOG_AFTER_MILLIS = 30_000;

    private record Pending(long sequence, int routes) { }

    private final FibPort fib;
    private final FlowGate gate;
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;

    GatedFib(FibPort fib, FlowGate gate) {
        this.fib = fib;
        this.gate = gate;
    }

    /** Connects the engine's listener through a counter of acknowledged routes. */
    @Override
    public void connect(FibListener listener) {
        fib.connect(new FibListener() {
            @Override
            public void applied(long sequence, int failedRoutes) {
                long done = 0;
                for (Pending p = pending.peek(); p != null && p.sequence() <= sequence; p = pending.peek()) {
                    pending.poll();
                    done += p.routes();
                }
                // Count down before telling the engine, so a waiting engine wakes without its own queue's help.
                if (done > 0) gate.remove(done);
                listener.applied(sequence, failedRoutes);
            }

            @Override
            public void nextHopsChanged(List<NextHopState> states) { listener.nextHopsChanged(states); }

            @Override
            public PrefixIds prefixIds() { return listener.prefixIds(); }
        });
    }

    /** Waits while the FIB holds more than the high mark of unacknowledged routes, then hands the batch on. */
    @Override
    public void submit(FibBatch batch) {
        awaitRoom();
        pending.add(new Pending(batch.sequence(), batch.size()));
        gate.add(batch.size());
        fib.submit(batch);
    }

    private void awaitRoom() {
        long waited = 0;
        try {
            while (!stopping && !gate.awaitOpen(1_000)) {
                waited += 1_000;
                if (waited == LOG_AFTER_MILLIS) LOG.warn("the FIB has not taken routes for {} s ({}): the route engine waits for it", waited / 1000, gate);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the engine is being stopped: hand the batch on and let it end
        }
    }

    /** Stops waiting for good: the engine is closing. */
    void stop() {
        stopping = true;
    }

    @Override
    public void watch(IpAddress nextHop) { fib.watch(nextHop); }

    @Override
    public void unwatch(IpAddress nextHop) { fib.unwatch(nextHop); }
}
