package org.jbgpd.fib;

import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A FIB that keeps routes in memory: for tests, and for running without a kernel table
 * ({@code kernel.enabled: false}). It applies each batch at once, on the caller's thread, and
 * answers next-hop watches from a table the test (or caller) fills; unknown next hops are
 * reachable at cost 0. Safe to read from another thread while the engine writes.
 */
public final class InMemoryFib implements FibPort {

    private final Map<IpPrefix, NextHopSet> routes = new HashMap<>();
    private final Map<IpAddress, NextHopState> states = new HashMap<>();
    private final Set<IpAddress> watched = new HashSet<>();
    private FibListener listener;
    private long operations;
    private long batches;
    private boolean initialSyncEnded;

    @Override
    public synchronized void connect(FibListener listener) { this.listener = listener; }

    @Override
    public void submit(FibBatch batch) {
        FibListener l;
        synchronized (this) {
            for (int i = 0; i < batch.size(); i++) {
                IpPrefix p = batch.prefix(i);
                NextHopSet hops = batch.nextHops(i);
                if (hops == null) routes.remove(p);
                else routes.put(p, hops);
                operations++;
            }
            batches++;
            initialSyncEnded |= batch.endsInitialSync();
            l = listener;
        }
        if (l != null) l.applied(batch.sequence(), 0);
    }

    @Override
    public void watch(IpAddress nextHop) {
        FibListener l;
        NextHopState s;
        synchronized (this) {
            watched.add(nextHop);
            s = stateOf(nextHop);
            l = listener;
        }
        if (l != null) l.nextHopsChanged(List.of(s));
    }

    @Override
    public synchronized void unwatch(IpAddress nextHop) { watched.remove(nextHop); }

    /** Sets what the "kernel" knows about a next hop; a watching engine hears of it at once. */
    public void setNextHop(NextHopState state) {
        FibListener l;
        boolean tell;
        synchronized (this) {
            states.put(state.address(), state);
            tell = watched.contains(state.address());
            l = listener;
        }
        if (tell && l != null) l.nextHopsChanged(List.of(state));
    }

    /** The installed routes, sorted by prefix. */
    public synchronized Map<IpPrefix, NextHopSet> routes() { return new TreeMap<>(routes); }

    public synchronized NextHopSet route(IpPrefix p) { return routes.get(p); }

    /** Route changes applied since start: the number of kernel operations a real FIB would have made. */
    public synchronized long operations() { return operations; }

    public synchronized long batches() { return batches; }

    public synchronized boolean initialSyncEnded() { return initialSyncEnded; }

    public synchronized Set<IpAddress> watched() { return Set.copyOf(watched); }

    private NextHopState stateOf(IpAddress a) {
        NextHopState s = states.get(a);
        return s != null ? s : NextHopState.reachable(a, 0);
    }

    /** For debugging tests. */
    @Override
    public synchronized String toString() {
        List<String> lines = new ArrayList<>();
        routes().forEach((p, h) -> lines.add(p + " -> " + h));
        return String.join("\n", lines);
    }
}
