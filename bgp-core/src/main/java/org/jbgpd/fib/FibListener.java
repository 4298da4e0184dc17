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
}
