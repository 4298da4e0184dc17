package org.jbgpd.fib;

import java.util.List;

/**
 * What the FIB tells the engine. Called on the FIB's own thread: the engine's implementation only
 * puts an event on its queue and returns.
 */
public interface FibListener {

    /**
     * Every batch up to and including {@code sequence} has been applied (the barrier). Routes the
     * kernel refused are counted in {@code failedRoutes}, logged and retried by the FIB itself.
     */
    void applied(long sequence, int failedRoutes);

    /** New answers for watched next hops: the first answer after {@link FibPort#watch}, then every change. */
    void nextHopsChanged(List<NextHopState> states);

    /**
     * The engine's prefix ids, which its batches carry ({@link FibBatch#id}), for the FIB to read from its own
     * thread; null when the batches carry none (ADR 0137). Asked once, when the listener is connected.
     */
    default PrefixIds prefixIds() { return null; }
}
