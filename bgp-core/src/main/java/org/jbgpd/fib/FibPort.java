package org.jbgpd.fib;

import org.jbgpd.wire.IpAddress;

/**
 * The kernel forwarding table as the route engine sees it. All methods are called from the engine
 * thread only and return at once; the implementation does the work on its own thread, in order.
 *
 * <p>The engine sends a prefix only when its installed next-hop set changed, and coalesces per
 * prefix within a batch, so every entry of a batch is a real change to make.
 */
public interface FibPort {

    /** Connects the engine's listener; called once, before anything else. */
    void connect(FibListener listener);

    /**
     * Applies a batch: each entry replaces a prefix's route with the given next-hop set, or removes
     * it. Batches are applied in submission order; {@link FibListener#applied} reports progress.
     *
     * <p>Every batch must be acknowledged through {@link FibListener#applied}, also when the kernel
     * refused some or all of its routes (they are counted as failed and retried by the FIB): the
     * engine bounds the routes it has handed over and not seen acknowledged, and waits while there
     * are too many (ADR 0087). The listener's calls never wait for the engine, so the FIB thread
     * must not wait for the engine either.
     */
    void submit(FibBatch batch);

    /**
     * Starts watching a next hop: answer its reachability and IGP cost through
     * {@link FibListener#nextHopsChanged} now and on every change. Until the first answer the engine
     * treats the next hop as reachable at cost 0 (so an implementation that never answers still
     * installs routes). Watches are per distinct next hop, not per route: a handful, not millions.
     */
    void watch(IpAddress nextHop);

    /** Stops watching a next hop no route uses any more. */
    void unwatch(IpAddress nextHop);
}
