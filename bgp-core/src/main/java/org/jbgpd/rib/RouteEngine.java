package org.jbgpd.rib;

import org.jbgpd.fib.FibListener;
import org.jbgpd.fib.FibPort;
import org.jbgpd.fib.NextHopState;
import org.jbgpd.fib.PrefixIds;
import org.jbgpd.policy.Policy;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The route engine: one thread that owns all routing state. Every public method may be called
 * from any thread; it only puts an event on the engine's queue and returns. The engine works
 * through the queue in runs (up to {@value #RUN} events), then decides the prefixes those events
 * touched and hands one batch to the FIB, so a burst of UPDATEs costs one kernel batch.
 *
 * <p>Flow control (ADR 0087), counted in routes at every hand-off so that the heap follows the
 * table, not the backlog:
 * <ul>
 * <li>engine -> FIB: routes in batches the FIB has not acknowledged. Above {@link #FIB_HIGH} the
 *     engine stops (it waits before submitting the next batch) until {@link #FIB_LOW}.</li>
 * <li>sessions -> engine: prefixes in queued UPDATEs, each UPDATE weighing {@link #UPDATE_WEIGHT} more ({@link #acceptingInput()}). Above
 *     {@link #INPUT_HIGH} sessions should stop reading their sockets; {@link #onInputResumed} tells
 *     them when the queue is down to {@link #INPUT_LOW}.</li>
 * <li>one run takes at most {@link #RUN} events or {@link #RUN_PREFIXES} prefixes, so one FIB
 *     batch stays small.</li>
 * </ul>
 */
public final class RouteEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteEngine.class);
    private static final int RUN = 4096;
    static final int RUN_PREFIXES = 16_384;
    /** Unacknowledged FIB routes at which the engine waits, and the level at which it goes on. */
    static final long FIB_HIGH = 65_536;
    static final long FIB_LOW = 16_384;
    /**
     * Unacknowledged FIB routes at or above which a run that dirtied fewer than {@link Rib#FLUSH_AT} prefixes keeps
     * them for a later run (at most {@link #HOLD_MILLIS}) instead of handing the FIB a small batch: the FIB has
     * work queued, and each batch costs it a sendmsg, an ACK and an acknowledgement back (ADR 0064). Small UPDATEs
     * (a diverse table: ~8 prefixes each) otherwise became FIB batches of a few hundred routes.
     */
    static final long FIB_BUSY = 4096;
    static final long HOLD_MILLIS = 20;
    /**
     * Queued prefixes at which sessions should stop reading, and the level at which they resume. An UPDATE counts as
     * {@link #UPDATE_WEIGHT} prefixes besides its own: its objects weigh about as much on the heap, and a table sent as
     * one prefix per UPDATE (BIRD 2's diverse full table) otherwise queued 32k UPDATEs, ~5 MB that every young
     * collection promoted (no tenuring): ~26 MB of garbage in the old generation before the load's first full GC.
     */
    static final long INPUT_HIGH = 32_768;
    static final long UPDATE_WEIGHT = 16;
    static final long INPUT_LOW = 8_192;

    private sealed interface Event { }
    private record PeerUp(RibPeer peer) implements Event { }
    private record Updates(IpAddress peer, List<Update> updates, long weight) implements Event {
        /** The prefixes of these UPDATEs: their weight without the UPDATEs' own. */
        long prefixes() { return weight - UPDATE_WEIGHT * updates.size(); }
    }
    private record EndOfRib(IpAddress peer, Family family) implements Event { }
    private record PeerDown(IpAddress peer, boolean notification) implements Event { }
    private record Reconfigure(IpAddress peer, Policy importPolicy, Policy exportPolicy, long maxPrefixes) implements Event { }
    private record NextHops(List<NextHopState> states) implements Event { }
    private record FibApplied(long sequence, int failed) implements Event { }
    private record Announce(List<IpPrefix> prefixes) implements Event { }
    private record Query<T>(Function<Rib, T> question, CompletableFuture<T> answer) implements Event { }
    private record Stop() implements Event { }

    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Rib rib;
    private final Thread thread;
    private volatile List<PeerCounts> counts = List.of();
    private volatile RouteCounts routeCounts = RouteCounts.NONE;
    /** Prefixes (announced + withdrawn) in queued UPDATEs: what back-pressure bounds, not events. */
    private final FlowGate inputGate;
    /** Routes in FIB batches not yet acknowledged. */
    private final FlowGate fibGate;
    private final GatedFib gatedFib;
    private volatile Runnable inputResumed = () -> { };
    private volatile long fibApplied;

    public RouteEngine(RibConfig config, FibPort fib, OutboundSink sink) {
        this(config, fib, sink, 1 << 16, 1 << 12);
    }

    /** With the expected number of IPv4 and IPv6 prefixes, so that a full table needs no regrowing. */
    public RouteEngine(RibConfig config, FibPort fib, OutboundSink sink, int expectedV4, int expectedV6) {
        this(config, fib, sink, expectedV4, expectedV6, new FlowGate(FIB_HIGH, FIB_LOW), INPUT_HIGH, INPUT_LOW);
    }

    /** With the marks of both gates chosen by the caller (tests). */
    RouteEngine(RibConfig config, FibPort fib, OutboundSink sink, int expectedV4, int expectedV6,
                FlowGate fibGate, long inputHigh, long inputLow) {
        this.inputGate = new FlowGate(inputHigh, inputLow, () -> inputResumed.run());
        this.fibGate = fibGate;
        this.gatedFib = new GatedFib(fib, fibGate);
        this.rib = new Rib(config, gatedFib, sink, () -> System.nanoTime() / 1_000_000, expectedV4, expectedV6,
                () -> fibGate.inFlight() == 0);
        gatedFib.connect(new FibListener() {
            @Override public void applied(long sequence, int failedRoutes) { queue.add(new FibApplied(sequence, failedRoutes)); }
            @Override public void nextHopsChanged(List<NextHopState> states) { queue.add(new NextHops(List.copyOf(states))); }
            @Override public PrefixIds prefixIds() { return rib.prefixIds(); }
        });
        this.thread = Thread.ofPlatform().name("route-engine").daemon(true).unstarted(this::run);
    }

    public void start() { thread.start(); }

    // ---------------------------------------------------------------- inputs (any thread)

    /** A session reached Established. */
    public void peerUp(RibPeer peer) { queue.add(new PeerUp(peer)); }

    /**
     * An UPDATE a peer sent, as the codec decoded it (RFC 7606 verdict applied; an End-of-RIB
     * marker counts as {@link #endOfRib}).
     */
    public void update(IpAddress peer, Update update) {
        long n = weight(update);
        inputGate.add(n);
        queue.add(new Updates(peer, List.of(update), n));
    }

    /** Several UPDATEs of one peer in the order received (one queue entry: cheaper for bursts). */
    public void updates(IpAddress peer, List<Update> updates) {
        long n = 0;
        for (int i = 0; i < updates.size(); i++) n += weight(updates.get(i));
        inputGate.add(n);
        queue.add(new Updates(peer, List.copyOf(updates), n));
    }

    /** What an UPDATE weighs in the input gate: its prefixes and {@link #UPDATE_WEIGHT} for itself. */
    private static long weight(Update u) {
        return u.withdrawnCount() + u.announcedCount() + UPDATE_WEIGHT;
    }

    /** The peer's End-of-RIB marker for a family (RFC 4724), when the caller already took it apart. */
    public void endOfRib(IpAddress peer, Family family) { queue.add(new EndOfRib(peer, family)); }

    /**
     * The session is down. {@code notification}: a NOTIFICATION was sent or received (routes are
     * flushed at once); without one a GR-capable peer's routes are kept stale (RFC 4724).
     */
    public void peerDown(IpAddress peer, boolean notification) { queue.add(new PeerDown(peer, notification)); }

    /** New import/export policy and limit for a peer (reload); re-evaluates its routes without a route refresh. */
    public void reconfigure(IpAddress peer, Policy importPolicy, Policy exportPolicy, long maxPrefixes) {
        queue.add(new Reconfigure(peer, importPolicy, exportPolicy, maxPrefixes));
    }

    /**
     * Replaces the prefixes we originate (config {@code announce}, on reload): up peers are sent
     * the added prefixes and withdrawals of the removed ones, nothing else.
     */
    public void announce(List<IpPrefix> prefixes) { queue.add(new Announce(List.copyOf(prefixes))); }

    // ---------------------------------------------------------------- snapshots (any thread)

    /** Per-peer counts as of the last finished run; never waits for the engine. */
    public List<PeerCounts> peerCounts() { return counts; }

    /** Loc-RIB prefixes with a best path per family, as of the last finished run; never waits. */
    public RouteCounts routeCounts() { return routeCounts; }

    /** Highest FIB batch sequence the FIB has confirmed. */
    public long fibApplied() { return fibApplied; }

    /** Events waiting for the engine. */
    public int backlog() { return queue.size(); }

    /**
     * The input gate's weight: prefixes in UPDATEs queued for the engine and not yet applied, plus
     * {@link #UPDATE_WEIGHT} per UPDATE (ADR 0145). A bound on this (rather than on {@link #backlog()} events, which
     * may hold one prefix or thousands) bounds the heap the queue holds.
     */
    public long backlogWeight() { return inputGate.inFlight(); }

    /**
     * False while more than {@link #INPUT_HIGH} prefixes wait for the engine (until they are down to
     * {@link #INPUT_LOW}): sessions should stop reading their sockets meanwhile.
     */
    public boolean acceptingInput() { return inputGate.isOpen(); }

    /**
     * Called (on the engine thread, must only hand work on) each time the input queue is back down to
     * {@link #INPUT_LOW} after {@link #acceptingInput()} turned false.
     */
    public void onInputResumed(Runnable r) { this.inputResumed = r == null ? () -> { } : r; }

    /** Routes in FIB batches the FIB has not acknowledged yet. */
    public long fibBacklog() { return fibGate.inFlight(); }

    /** Routes inside {@code filter} (all if null), answered by the engine between runs. */
    public CompletableFuture<List<RouteView>> showRoutes(IpPrefix filter) { return ask(r -> r.routes(filter)); }

    /** The longest-match route for an address, or null. */
    public CompletableFuture<RouteView> showRoute(IpAddress address) { return ask(r -> r.longestMatch(address)); }

    /** Completes once everything queued before it has been processed and flushed to the FIB. */
    public CompletableFuture<Void> barrier() { return ask(r -> null); }

    private <T> CompletableFuture<T> ask(Function<Rib, T> q) {
        CompletableFuture<T> f = new CompletableFuture<>();
        queue.add(new Query<>(q, f));
        return f;
    }

    @Override
    public void close() throws InterruptedException {
        gatedFib.stop();
        queue.add(new Stop());
        thread.join(5000);
    }

    // ---------------------------------------------------------------- the engine thread

    private void run() {
        List<Event> run = new ArrayList<>(RUN);
        List<Query<?>> answers = new ArrayList<>();
        long holdUntil = 0; // while decisions are held back (see FIB_BUSY): when they go to the FIB at the latest
        while (true) {
            try {
                long wait = rib.nextDeadline() - System.nanoTime() / 1_000_000;
                if (holdUntil != 0) wait = Math.min(wait, Math.max(1, holdUntil - System.nanoTime() / 1_000_000));
                Event first = wait > 0 ? queue.poll(Math.min(wait, 60_000), TimeUnit.MILLISECONDS) : queue.poll();
                if (first != null) {
                    run.add(first);
                    long prefixes = first instanceof Updates u ? u.prefixes() : 0;
                    Event next;
                    while (run.size() < RUN && prefixes < RUN_PREFIXES && (next = queue.poll()) != null) {
                        run.add(next);
                        if (next instanceof Updates u) prefixes += u.prefixes();
                    }
                }
                boolean stop = false;
                for (Event e : run) {
                    if (e instanceof Stop) stop = true;
                    else if (e instanceof Query<?> q) answers.add(q);
                    else handle(e);
                }
                run.clear();
                rib.advanceTime();
                long now = System.nanoTime() / 1_000_000;
                int dirty = rib.dirtyCount();
                boolean hold = !stop && answers.isEmpty() && dirty > 0 && dirty < Rib.FLUSH_AT && fibGate.inFlight() >= FIB_BUSY
                        && (holdUntil == 0 || now < holdUntil);
                if (hold) {
                    if (holdUntil == 0) holdUntil = now + HOLD_MILLIS;
                } else {
                    holdUntil = 0;
                    rib.flush();
                }
                counts = List.copyOf(rib.counts());
                routeCounts = rib.routeCounts();
                for (Query<?> q : answers) answer(q);
                answers.clear();
                if (stop) return;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // A bug must not take routing down: log it and go on with the next events.
                LOG.error("route engine: unexpected error, continuing", e);
                run.clear();
            }
        }
    }

    private void handle(Event e) {
        if (e instanceof Updates u) { // nearly every event: a plain type test, not a type switch (ADR 0101)
            handleUpdates(u);
            return;
        }
        try {
            switch (e) {
                case PeerUp p -> rib.peerUp(p.peer());
                case Updates u -> handleUpdates(u);
                case EndOfRib eor -> rib.endOfRib(eor.peer(), eor.family());
                case PeerDown d -> rib.peerDown(d.peer(), d.notification());
                case Reconfigure c -> rib.reconfigure(c.peer(), c.importPolicy(), c.exportPolicy(), c.maxPrefixes());
                case Announce a -> rib.announce(a.prefixes());
                case NextHops n -> rib.nextHopsChanged(n.states());
                case FibApplied a -> {
                    rib.fibApplied(a.sequence(), a.failed());
                    fibApplied = Math.max(fibApplied, a.sequence());
                }
                case Query<?> q -> answer(q);
                case Stop s -> { }
            }
        } catch (RuntimeException ex) {
            LOG.error("route engine: event {} failed, continuing", e.getClass().getSimpleName(), ex);
        }
    }

    private void handleUpdates(Updates u) {
        try {
            List<Update> updates = u.updates();
            for (int i = 0; i < updates.size(); i++) rib.update(u.peer(), updates.get(i)); // indexed: no iterator
        } catch (RuntimeException ex) {
            LOG.error("route engine: event {} failed, continuing", u.getClass().getSimpleName(), ex);
        } finally {
            inputGate.remove(u.weight());
        }
    }

    private <T> void answer(Query<T> q) {
        try {
            q.answer().complete(q.question().apply(rib));
        } catch (RuntimeException ex) {
            q.answer().completeExceptionally(ex);
        }
    }
}
