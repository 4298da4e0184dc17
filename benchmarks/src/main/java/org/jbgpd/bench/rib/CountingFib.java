package org.jbgpd.bench.rib;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.FibListener;
import org.jbgpd.fib.FibPort;
import org.jbgpd.wire.IpAddress;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A FIB that only counts, so the benchmark measures the engine and not a map of installed routes. */
final class CountingFib implements FibPort {

    final AtomicLong operations = new AtomicLong();
    private FibListener listener;

    @Override public void connect(FibListener l) { listener = l; }

    @Override
    public void submit(FibBatch batch) {
        operations.addAndGet(batch.size());
        listener.applied(batch.sequence(), 0);
    }

    @Override
    public void watch(IpAddress nextHop) { listener.nextHopsChanged(List.of()); }

    @Override public void unwatch(IpAddress nextHop) { }
}
