package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.FibListener;
import org.jbgpd.fib.FibPort;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.fib.NextHopState;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The FIB port on the Linux kernel: applies the engine's batches through the batched writer,
 * resolves BGP next hops through the kernel's own table, and keeps the kernel table equal to
 * what the engine wants (ADR 0032):
 * <ul>
 * <li>At start, our routes already in the kernel (a previous jbgpd's, kill -9 included) are
 *     taken as stale and left alone; a batch that names a prefix replaces it in place; after the
 *     batch that {@linkplain FibBatch#endsInitialSync() ends the initial sync} the stale ones
 *     still unnamed are deleted. So a route still announced is never missing during a restart.</li>
 * <li>A route of ours that disappears (a foreign process deleted it, an interface went down) is
 *     put back on the RTM_DELROUTE event or at the next periodic scan; lost events (ENOBUFS)
 *     trigger a full dump and reconcile.</li>
 * <li>Next hops on a connected network are installed as they are; others through the gateways
 *     of the kernel route that covers them; unreachable ones are reported to the engine and
 *     their routes taken out until they resolve again.</li>
 * </ul>
 * Everything runs on one thread ("fib-sync"); the port's methods only enqueue.
 */
public final class NetlinkFib implements FibPort, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkFib.class);
    private static final long MIN_SCAN_SPACING_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * @param table        where our routes live and how they are marked
     * @param keepOnExit   leave our routes in the kernel when closing (for the next start)
     * @param scanInterval how often to compare the kernel table with what we want
     * @param netns        a network namespace to work in ({@code /run/netns/NAME}), or null
     * @param allowed      prefixes exempt from the {@linkplain GuardRails guard rails} (policy says so)
     */
    public record Settings(KernelTable table, boolean keepOnExit, Duration scanInterval, Path netns, Set<IpPrefix> allowed) {
        public Settings {
            allowed = Set.copyOf(allowed);
        }

        /** Settings without exemptions from the guard rails. */
        public Settings(KernelTable table, boolean keepOnExit, Duration scanInterval, Path netns) {
            this(table, keepOnExit, scanInterval, netns, Set.of());
        }

        public static Settings defaults() {
            return new Settings(KernelTable.defaults(), true, Duration.ofSeconds(5), null);
        }
    }

    private final Settings settings;
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final AtomicBoolean ourRouteDeleted = new AtomicBoolean();
    private final AtomicBoolean routingChanged = new AtomicBoolean();
    private final AtomicBoolean eventsLost = new AtomicBoolean();
    private final Thread thread;
    private volatile FibListener listener;
    private volatile boolean running = true;

    // Owned by the fib-sync thread.
    private final NetlinkSocket writeSocket;
    private final NetlinkSocket querySocket;
    private final KernelRouteWriter writer;
    private final RouteDump dump;
    private final KernelQueries queries;
    private final KernelEvents events;
    private final PrefixMap<NextHopSet> wanted = new PrefixMap<>();
    private final PrefixMap<Boolean> stale = new PrefixMap<>();
    private final PrefixMap<Boolean> refused = new PrefixMap<>();
    private final GuardRails guard;
    private final Map<NextHopSet, Resolution> setResolutions = new HashMap<>();
    private final Map<org.jbgpd.fib.NextHop, Resolution> hopResolutions = new HashMap<>();
    private final Set<IpAddress> watched = new HashSet<>();
    private final Map<IpAddress, NextHopState> lastStates = new HashMap<>();
    private boolean initialSyncEnded;
    private final int routesFoundAtStart;
    private long lastScan;
    private long restored;
    private long staleRemoved;

    private NetlinkFib(Settings settings) throws NetlinkException {
        this.settings = settings;
        this.writeSocket = NetlinkSocket.openRoute(settings.netns());
        this.querySocket = NetlinkSocket.openRoute(settings.netns());
        NetlinkSocket eventSocket = NetlinkSocket.openRoute(settings.netns());
        this.writer = new KernelRouteWriter(writeSocket, settings.table());
        this.dump = new RouteDump(querySocket);
        this.queries = new KernelQueries(querySocket, settings.table());
        this.guard = new GuardRails(settings.allowed());
        guard.connectedNetworks(queries.connectedNetworks());
        for (KernelRoute r : dump.ours(settings.table())) stale.put(r.prefix(), Boolean.TRUE);
        if (stale.size() > 0) LOG.info("{} routes of ours found in kernel table {}: kept until the initial sync ends", stale.size(), settings.table().table());
        this.routesFoundAtStart = stale.size();
        this.events = new KernelEvents(eventSocket, settings.table(), writeSocket.portId(), new KernelEvents.Signals() {
            @Override public void ourRouteDeleted() { raise(ourRouteDeleted); }
            @Override public void routingChanged() { raise(routingChanged); }
            @Override public void eventsLost() { raise(eventsLost); }
        });
        this.lastScan = System.nanoTime();
        this.thread = Thread.ofPlatform().name("fib-sync").start(this::run);
    }

    /** Opens the sockets, takes stock of our routes already in the kernel, and starts the thread. */
    public static NetlinkFib start(Settings settings) throws NetlinkException {
        return new NetlinkFib(settings);
    }

    private void raise(AtomicBoolean flag) {
        if (!flag.getAndSet(true)) tasks.offer(() -> { }); // wake the thread once per raise
    }

    @Override
    public void connect(FibListener listener) {
        this.listener = listener;
    }

    @Override
    public void submit(FibBatch batch) {
        tasks.add(() -> apply(batch));
    }

    @Override
    public void watch(IpAddress nextHop) {
        tasks.add(() -> {
            watched.add(nextHop);
            NextHopState s = stateOf(nextHop);
            lastStates.put(nextHop, s);
            tell(List.of(s));
        });
    }

    @Override
    public void unwatch(IpAddress nextHop) {
        tasks.add(() -> {
            watched.remove(nextHop);
            lastStates.remove(nextHop);
        });
    }

    /**
     * The addresses of our BGP peers: no route may take over the path to them (see
     * {@link GuardRails}). Replaces the previous set; routes already installed that would now
     * hijack a peer are taken out.
     */
    public void protectPeers(Collection<IpAddress> peers) {
        List<IpAddress> copy = List.copyOf(peers);
        tasks.add(() -> {
            try {
                guard.clearPeers();
                for (IpAddress a : copy) guard.peer(a, queries.coveringLength(a));
                recheckGuards();
            } catch (NetlinkException e) {
                LOG.warn("could not look up the routes to the BGP peers: {}", e.getMessage());
            }
        });
    }

    /** Runs {@code query} on the FIB thread after everything submitted before it; for tests and the control plane. */
    public <T> T inspect(java.util.function.Supplier<T> query) throws InterruptedException {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        tasks.add(() -> f.complete(query.get()));
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Counters for metrics: routes put back after someone removed them, stale routes deleted. */
    public long restoredRoutes() { return restored; }

    /** Routes of ours an earlier run left in the kernel: more than 0 means jbgpd is restarting. */
    public int routesFoundAtStart() { return routesFoundAtStart; }

    public long staleRoutesRemoved() { return staleRemoved; }

    public long failedRoutes() { return writer.failuresTotal(); }

    /** Route installs the guard rails refused. */
    public long refusedRoutes() { return guard.refusals(); }

    // ---- the fib-sync thread ----

    private void run() {
        long scanNanos = settings.scanInterval().toNanos();
        boolean scanWanted = false;
        while (running) {
            try {
                long now = System.nanoTime();
                long wait = scanWanted ? lastScan + MIN_SCAN_SPACING_NANOS - now : lastScan + scanNanos - now;
                Runnable t = tasks.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                if (t != null) {
                    t.run();
                    if (!tasks.isEmpty()) continue; // batches first; housekeeping when idle
                }
                if (routingChanged.getAndSet(false)) {
                    reresolve();
                    scanWanted = true; // IPv4 drops routes of a downed link without telling anyone
                }
                if (ourRouteDeleted.getAndSet(false)) scanWanted = true;
                boolean lost = eventsLost.getAndSet(false) | writer.takeOverrun();
                now = System.nanoTime();
                if (lost || now - lastScan >= scanNanos || (scanWanted && now - lastScan >= MIN_SCAN_SPACING_NANOS)) {
                    if (lost) LOG.info("netlink messages were lost: dumping our routes to reconcile");
                    scan();
                    long took = System.nanoTime() - now;
                    lastScan = System.nanoTime();
                    scanWanted = false;
                    // A full table makes a scan cost about a second: keep periodic scans below 10% of a core.
                    scanNanos = Math.max(settings.scanInterval().toNanos(), 10 * took);
                }
            } catch (InterruptedException e) {
                return;
            } catch (NetlinkException | RuntimeException e) {
                LOG.warn("FIB sync step failed, will reconcile: {}", e.toString());
                eventsLost.set(true);
            }
        }
    }

    private void apply(FibBatch batch) {
        int failed = 0;
        try {
            for (int i = 0; i < batch.size(); i++) {
                Family f = batch.family(i);
                long hi = batch.addressHi(i), lo = batch.addressLo(i);
                int len = batch.length(i);
                NextHopSet hops = batch.nextHops(i);
                boolean wasStale = stale.remove(f, hi, lo, len) != null;
                if (hops == null) {
                    if (refused.size() > 0) refused.remove(f, hi, lo, len);
                    if (wanted.remove(f, hi, lo, len) != null | wasStale) writer.withdraw(f, hi, lo, len);
                } else {
                    wanted.put(f, hi, lo, len, hops);
                    write(f, hi, lo, len, hops);
                }
            }
            if (batch.endsInitialSync() && !initialSyncEnded) {
                initialSyncEnded = true;
                int n = stale.size();
                for (int s = 0; s < stale.capacity(); s++) {
                    if (stale.used(s)) writer.withdraw(stale.family(s), stale.hi(s), stale.lo(s), stale.length(s));
                }
                stale.clear();
                staleRemoved += n;
                LOG.info("initial sync done: {} stale routes of an earlier run removed", n);
            }
            writer.flush();
            failed = countFailures();
        } catch (NetlinkException e) {
            LOG.warn("applying {} failed, will reconcile: {}", batch, e.getMessage());
            eventsLost.set(true);
            failed = batch.size();
        } finally {
            FibListener l = listener;
            if (l != null) l.applied(batch.sequence(), failed);
        }
    }

    /** Writes one wanted route as its next hops resolve now; unresolvable means not installed. */
    private void write(Family f, long hi, long lo, int len, NextHopSet hops) throws NetlinkException {
        if (guard.refuses(f, hi, lo, len)) {
            refused.put(f, hi, lo, len, Boolean.TRUE);
            writer.withdraw(f, hi, lo, len);
            return;
        }
        if (refused.size() > 0) refused.remove(f, hi, lo, len);
        Resolution r = resolution(hops);
        if (!r.reachable()) {
            writer.withdraw(f, hi, lo, len); // may not be there: ESRCH is ignored
            return;
        }
        List<NextHop> kernelHops = r.hops();
        int n = kernelHops.size();
        writer.beginReplace(f, hi, lo, len, n);
        for (int i = 0; i < n; i++) writer.nextHop(kernelHops.get(i).gateway(), kernelHops.get(i).ifIndex());
        writer.endReplace();
    }

    /** Refusals of the last flush that matter (a delete of an absent route is not one). */
    private int countFailures() {
        int n = 0;
        for (RouteFailure f : writer.takeFailures()) {
            if (f.withdraw() && f.errno() == Errno.ESRCH) continue;
            n++; // logged once per errno by the writer; retried at the next scan
        }
        return n;
    }

    private Resolution resolution(NextHopSet set) {
        Resolution r = setResolutions.get(set);
        if (r != null) return r;
        LinkedHashSet<NextHop> hops = new LinkedHashSet<>();
        long cost = Long.MAX_VALUE;
        for (int i = 0; i < set.size(); i++) {
            Resolution h = resolution(set.get(i));
            hops.addAll(h.hops());
            if (h.reachable()) cost = Math.min(cost, h.cost());
        }
        r = hops.isEmpty() ? Resolution.UNREACHABLE : new Resolution(new ArrayList<>(hops), cost);
        setResolutions.put(set, r);
        return r;
    }

    private Resolution resolution(org.jbgpd.fib.NextHop hop) {
        Resolution r = hopResolutions.get(hop);
        if (r != null) return r;
        try {
            int ifIndex = 0;
            if (hop.device() != null) {
                ifIndex = queries.linkIndex(hop.device());
                if (ifIndex == 0) r = Resolution.UNREACHABLE;
            }
            if (r == null) r = queries.resolve(hop.address(), ifIndex);
        } catch (NetlinkException e) {
            LOG.warn("could not resolve next hop {}: {}", hop, e.getMessage());
            r = Resolution.UNREACHABLE;
        }
        hopResolutions.put(hop, r);
        return r;
    }

    private NextHopState stateOf(IpAddress address) {
        Resolution r = resolution(org.jbgpd.fib.NextHop.of(address));
        return r.reachable() ? NextHopState.reachable(address, r.cost()) : NextHopState.unreachable(address);
    }

    private void tell(List<NextHopState> states) {
        FibListener l = listener;
        if (l != null && !states.isEmpty()) l.nextHopsChanged(states);
    }

    /** Links, addresses or foreign routes changed: resolve every next hop again, rewrite what moved. */
    private void reresolve() throws NetlinkException {
        List<IpPrefix> connected = queries.connectedNetworks();
        Map<IpAddress, Integer> covers = new HashMap<>();
        for (IpAddress peer : guard.peers()) covers.put(peer, queries.coveringLength(peer));
        if (!connected.equals(guard.connectedNetworks()) || !covers.equals(guard.peerCovers())) {
            guard.connectedNetworks(connected);
            covers.forEach(guard::peer);
            recheckGuards();
        }
        Map<NextHopSet, Resolution> before = new HashMap<>(setResolutions);
        setResolutions.clear();
        hopResolutions.clear();
        Set<NextHopSet> moved = new HashSet<>();
        for (Map.Entry<NextHopSet, Resolution> e : before.entrySet()) {
            if (!resolution(e.getKey()).equals(e.getValue())) moved.add(e.getKey());
        }
        if (!moved.isEmpty()) {
            int rewritten = 0;
            for (int s = 0; s < wanted.capacity(); s++) {
                if (wanted.used(s) && moved.contains(wanted.value(s))) {
                    write(wanted.family(s), wanted.hi(s), wanted.lo(s), wanted.length(s), wanted.value(s));
                    rewritten++;
                }
            }
            writer.flush();
            countFailures();
            LOG.info("next hops changed: {} routes rewritten", rewritten);
        }
        List<NextHopState> changed = new ArrayList<>();
        for (IpAddress a : watched) {
            NextHopState s = stateOf(a);
            if (!s.equals(lastStates.put(a, s))) changed.add(s);
        }
        tell(changed);
    }

    /** Rewrites the wanted routes whose guard-rail verdict changed. */
    private void recheckGuards() throws NetlinkException {
        int changed = 0;
        for (int s = 0; s < wanted.capacity(); s++) {
            if (!wanted.used(s)) continue;
            Family f = wanted.family(s);
            long hi = wanted.hi(s), lo = wanted.lo(s);
            int len = wanted.length(s);
            if (guard.wouldRefuse(f, hi, lo, len) != refused.contains(f, hi, lo, len)) {
                write(f, hi, lo, len, wanted.value(s));
                changed++;
            }
        }
        writer.flush();
        countFailures();
        if (changed > 0) LOG.info("guard rails changed: {} routes rewritten", changed);
    }

    /** Compares our routes in the kernel with what we want, and fixes every difference. */
    private void scan() throws NetlinkException {
        boolean[] present = new boolean[wanted.capacity()];
        List<KernelRoute> kernel = dump.ours(settings.table());
        int removed = 0, fixed = 0;
        for (KernelRoute k : kernel) {
            IpAddress a = k.prefix().address();
            int slot = wanted.slotOf(a.family(), a.hi(), a.lo(), k.prefix().length());
            if (slot < 0) {
                if (initialSyncEnded) {
                    writer.withdraw(k.prefix());
                    removed++;
                } else if (stale.get(k.prefix()) == null) {
                    stale.put(k.prefix(), Boolean.TRUE);
                }
                continue;
            }
            if (refused.size() > 0 && refused.contains(a.family(), a.hi(), a.lo(), k.prefix().length())) {
                writer.withdraw(k.prefix());
                removed++;
                continue;
            }
            Resolution r = resolution(wanted.value(slot));
            present[slot] = r.reachable() && sameGateways(r.hops(), k.nextHops());
        }
        for (int s = 0; s < present.length; s++) {
            if (!wanted.used(s) || present[s]) continue;
            if (refused.size() > 0 && refused.contains(wanted.family(s), wanted.hi(s), wanted.lo(s), wanted.length(s))) continue;
            if (!resolution(wanted.value(s)).reachable()) continue;
            write(wanted.family(s), wanted.hi(s), wanted.lo(s), wanted.length(s), wanted.value(s));
            fixed++;
        }
        writer.flush();
        countFailures();
        restored += fixed;
        if (fixed > 0 || removed > 0) LOG.info("kernel table reconciled: {} routes put back or corrected, {} unwanted removed", fixed, removed);
    }

    private static boolean sameGateways(List<NextHop> want, List<NextHop> have) {
        if (want.size() != have.size()) return false;
        Set<IpAddress> w = new HashSet<>();
        for (NextHop h : want) w.add(h.gateway());
        for (NextHop h : have) if (!w.contains(h.gateway())) return false;
        return true;
    }

    /**
     * Stops the FIB thread. With {@code keepOnExit} our routes stay for the next start; without
     * it exactly ours (wanted and stale) are removed first.
     */
    @Override
    public void close() {
        if (!running) return;
        tasks.add(() -> {
            try {
                if (!settings.keepOnExit()) {
                    for (PrefixMap<?> m : List.of(wanted, stale)) {
                        for (int s = 0; s < m.capacity(); s++) {
                            if (m.used(s)) writer.withdraw(m.family(s), m.hi(s), m.lo(s), m.length(s));
                        }
                    }
                    writer.flush();
                    countFailures();
                }
            } catch (NetlinkException e) {
                LOG.warn("could not remove our routes on exit: {}", e.getMessage());
            } finally {
                running = false;
            }
        });
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        writer.close();
        dump.close();
        queries.close();
        writeSocket.close();
        querySocket.close();
    }
}
