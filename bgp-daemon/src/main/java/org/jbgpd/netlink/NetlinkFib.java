package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.FibListener;
import org.jbgpd.fib.FibPort;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.fib.NextHopState;
import org.jbgpd.fib.PrefixIds;
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
    /** A periodic scan waits until batches have paused this long (a full-table load is not scanned midway)... */
    private static final long QUIET_BEFORE_SCAN_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** ...but never more than this past its due time, unless the table is still growing (see periodicScanDue). */
    private static final long MAX_SCAN_DEFERRAL_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Refused writes are tried again after this, doubling while they keep failing, up to {@link #RETRY_MAX_NANOS}. */
    static final long RETRY_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long RETRY_MAX_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** A prefix refused this many times in a row is reported (logged once) as a persistent failure. */
    static final int PERSISTENT_AFTER = 5;

    /**
     * What the FIB has done, for metrics; published by the fib-sync thread after each batch,
     * scan and retry round (so it can be read from any thread without locking).
     *
     * @param wantedIpv4/wantedIpv6   routes the engine wants in the kernel now
     * @param kernelIpv4/kernelIpv6   our routes the kernel held at the last scan
     * @param replaces/replaceErrors  route installs/changes sent, and those the kernel refused
     * @param deletes/deleteErrors    route deletes sent, and those refused (deleting an absent route is not an error)
     * @param retrying                prefixes refused and waiting to be tried again
     * @param persistentFailures      prefixes reported as refused {@value #PERSISTENT_AFTER} times in a row
     * @param restored                routes put back after someone else removed or changed them
     * @param staleRemoved            routes of an earlier run removed after the initial sync
     * @param guardRefusals           installs the guard rails refused
     * @param overruns                times netlink messages were lost (ENOBUFS) and a full reconcile followed
     */
    public record Stats(long wantedIpv4, long wantedIpv6, long kernelIpv4, long kernelIpv6,
                        long replaces, long replaceErrors, long deletes, long deleteErrors,
                        long retrying, long persistentFailures, long restored, long staleRemoved,
                        long guardRefusals, long overruns) {
        static final Stats NONE = new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * @param table        where our routes live and how they are marked
     * @param keepOnExit   leave our routes in the kernel when closing (for the next start)
     * @param scanInterval how often to compare the kernel table with what we want
     * @param netns        a network namespace to work in ({@code /run/netns/NAME}), or null
     * @param allowed      prefixes exempt from the {@linkplain GuardRails guard rails} (policy says so)
     * @param nexthopObjects routes name kernel nexthop objects (RTA_NH_ID) where the kernel has them
     *                     (ADR 0091); false: they carry their gateways, as before
     */
    public record Settings(KernelTable table, boolean keepOnExit, Duration scanInterval, Path netns, Set<IpPrefix> allowed,
                           boolean nexthopObjects) {
        /** The default of {@link #nexthopObjects} (and of the config key kernel.nexthopObjects). */
        public static final boolean NEXTHOP_OBJECTS_DEFAULT = false;

        public Settings {
            allowed = Set.copyOf(allowed);
        }

        public Settings(KernelTable table, boolean keepOnExit, Duration scanInterval, Path netns, Set<IpPrefix> allowed) {
            this(table, keepOnExit, scanInterval, netns, allowed, NEXTHOP_OBJECTS_DEFAULT);
        }

        /** Settings without exemptions from the guard rails. */
        public Settings(KernelTable table, boolean keepOnExit, Duration scanInterval, Path netns) {
            this(table, keepOnExit, scanInterval, netns, Set.of());
        }

        public static Settings defaults() {
            return new Settings(KernelTable.defaults(), true, Duration.ofSeconds(5), null);
        }

        /** These settings with nexthop objects on or off. */
        public Settings withNexthopObjects(boolean on) {
            return new Settings(table, keepOnExit, scanInterval, netns, allowed, on);
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
    private volatile Stats stats = Stats.NONE;
    private volatile java.util.function.LongConsumer batchNanos = n -> { };

    // Owned by the fib-sync thread.
    private final NetlinkSocket writeSocket;
    private final NetlinkSocket querySocket;
    private final KernelRouteWriter writer;
    private final RouteDump dump;
    private final KernelQueries queries;
    private final KernelEvents events;
    private final NextHopObjects objects;
    /** Some nexthop object may have lost its last user (or an earlier run's may go): sweep when the writer is flushed. */
    private boolean objectsDirty;
    // The wanted routes: by the engine's prefix id, the id of its next-hop set in hopSets (ADR 0034, 0137).
    private final WantedRoutes wanted = new WantedRoutes();
    private final NextHopSetIds hopSets = new NextHopSetIds();
    // Per entry of the window being applied: the set id its prefix had before (0: none), and for a
    // replace its new set id, for a withdraw DELETE or KEEP_ABSENT. Reused.
    private static final int MAX_KEPT_SCRATCH = 64 << 10;
    private int[] replaced = new int[0];
    private int[] entryState = new int[0];
    /** entryState of a withdraw: a route of ours may be in the kernel (delete it), or none is. Set ids are positive. */
    private static final int DELETE = -1, KEEP_ABSENT = 0;
    /**
     * At most this many routes of consecutive queued batches are applied as one window, their IPv4
     * requests in address order (ADR 0132): a window of 16k routes of a feeder's evenly spread order
     * takes the kernel's trie through its resizes without the stalls, 4k only halfway. Not more:
     * its batches are acknowledged when the window is written, and the engine waits at its FIB
     * gate until no more than {@code RouteEngine.FIB_LOW} (16k) routes are unacknowledged, so a
     * larger window would leave fib-sync's queue empty after the gate opens.
     */
    static final int WINDOW_ROUTES = 16_384;
    /**
     * Windows and address order only from this many wanted IPv4 routes on: below ~250k the trie's
     * nodes are small enough that even simultaneous resizes cost a sendmsg nothing visible (none in
     * BIRD's order below 259k, ADR 0132), and a small table keeps writing batch by batch, as before,
     * without the window's arrays.
     */
    static final long WINDOW_FROM_ROUTES = 65_536;
    private final long windowFromRoutes;
    private final BatchWindow window = new BatchWindow();
    private int[] failedPerBatch = new int[0];
    // Sets of prefixes (value 1).
    private final PrefixMap stale = new PrefixMap();
    private final PrefixMap refused = new PrefixMap();
    // Prefixes the kernel refused, with how many times in a row; tried again with back-off.
    private final PrefixMap retrying = new PrefixMap();
    private final GuardRails guard;
    private final Map<NextHopSet, Resolution> setResolutions = new HashMap<>();
    private final Map<org.jbgpd.fib.NextHop, Resolution> hopResolutions = new HashMap<>();
    private NextHopIndex nextHopIndex; // the addresses of hopResolutions, sorted; null when stale
    private final Set<IpAddress> loggedUnreachable = new HashSet<>(); // next hops already logged as unreachable
    private final Set<IpAddress> watched = new HashSet<>();
    private final Map<IpAddress, NextHopState> lastStates = new HashMap<>();
    private boolean initialSyncEnded;
    private boolean ourRouteCoversNextHop;
    private final int routesFoundAtStart;
    /** The gateways of the routes found at start: who forwarded for us before (dynamic-neighbor restarts wait for them). */
    private final Set<IpAddress> gatewaysAtStart = new HashSet<>();
    private long lastScan;
    private long lastBatch;
    /** The last batch added routes to the wanted table: a table load is under way. */
    private boolean lastBatchGrew;
    private long retryAt = Long.MAX_VALUE;
    private long retryDelay = RETRY_MIN_NANOS;
    private long restored;
    private long staleRemoved;
    private long persistentFailures;
    private long overruns;
    private long wantedV4;
    private long wantedV6;
    private long kernelV4;
    private long kernelV6;

    private NetlinkFib(Settings settings, int eventReceiveBuffer, long windowFromRoutes) throws NetlinkException {
        this.settings = settings;
        this.windowFromRoutes = windowFromRoutes;
        this.writeSocket = NetlinkSocket.openRoute(settings.netns());
        this.querySocket = NetlinkSocket.openRoute(settings.netns());
        NetlinkSocket eventSocket = NetlinkSocket.openRoute(settings.netns(), eventReceiveBuffer);
        this.writer = new KernelRouteWriter(writeSocket, settings.table());
        this.dump = new RouteDump(querySocket);
        this.queries = new KernelQueries(querySocket, settings.table());
        this.guard = new GuardRails(settings.allowed());
        guard.connectedNetworks(queries.connectedNetworks());
        this.objects = new NextHopObjects(writeSocket, settings.table().protocol(), settings.nexthopObjects());
        dump.visitOurs(settings.table(), new RouteDump.Visitor() {
            @Override public void restart() {
                stale.clear();
                gatewaysAtStart.clear();
            }

            @Override public void route(RouteView r) throws NetlinkException {
                stale.put(r.family(), r.hi(), r.lo(), r.length(), 1);
                for (int i = 0; i < r.nextHopCount(); i++) {
                    IpAddress g = r.gateway(i);
                    if (g != null) gatewaysAtStart.add(g);
                }
                if (r.nexthopId() != 0) objects.loadLeftovers(); // an earlier run used objects; this one may not
                // Through a nexthop object with the kernel's nexthop_compat_mode off: only its id is listed.
                List<NextHop> viaObject = r.nextHopCount() == 0 && r.nexthopId() != 0 ? objects.atStart(r.nexthopId()) : null;
                if (viaObject != null) for (NextHop h : viaObject) if (h.gateway() != null) gatewaysAtStart.add(h.gateway());
            }
        });
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
        return new NetlinkFib(settings, NetlinkSocket.DEFAULT_RECEIVE_BUFFER, WINDOW_FROM_ROUTES);
    }

    /** {@link #start} with the event socket's receive buffer sized by the caller: tests force lost events with a tiny one. */
    static NetlinkFib start(Settings settings, int eventReceiveBuffer) throws NetlinkException {
        return new NetlinkFib(settings, eventReceiveBuffer, WINDOW_FROM_ROUTES);
    }

    /** {@link #start} with windows from a table of {@code windowFromRoutes} IPv4 routes: tests use windows on small tables. */
    static NetlinkFib startWithWindowsFrom(Settings settings, long windowFromRoutes) throws NetlinkException {
        return new NetlinkFib(settings, NetlinkSocket.DEFAULT_RECEIVE_BUFFER, windowFromRoutes);
    }

    private void raise(AtomicBoolean flag) {
        if (!flag.getAndSet(true)) tasks.offer(() -> { }); // wake the thread once per raise
    }

    @Override
    public void connect(FibListener listener) {
        this.listener = listener;
        PrefixIds engineIds = listener.prefixIds();
        if (engineIds != null) tasks.add(() -> wanted.useEngineIds(engineIds)); // ahead of any batch
    }

    @Override
    public void submit(FibBatch batch) {
        tasks.add(new Submitted(batch));
    }

    /** A batch on the task queue; fib-sync applies it together with the batches queued right behind it (ADR 0132). */
    private final class Submitted implements Runnable {
        final FibBatch batch;

        Submitted(FibBatch batch) { this.batch = batch; }

        @Override public void run() { applyQueued(batch); }
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

    /** Counters and gauges for metrics, as of the last batch, scan or retry; any thread may call it. */
    public Stats stats() { return stats; }

    /**
     * Has the FIB thread tell {@code nanos} how long each applied batch took to reach the kernel
     * (from taking it off the queue to the kernel's barrier ACK); for a latency histogram. The
     * consumer runs on the FIB thread and must be quick.
     */
    public void onBatchApplied(java.util.function.LongConsumer nanos) {
        this.batchNanos = nanos == null ? n -> { } : nanos;
    }

    /** Routes of ours an earlier run left in the kernel: more than 0 means jbgpd is restarting. */
    public int routesFoundAtStart() { return routesFoundAtStart; }

    /** The next-hop gateways of {@link #routesFoundAtStart() the routes found at start}. */
    public Set<IpAddress> gatewaysFoundAtStart() { return Set.copyOf(gatewaysAtStart); }

    public long staleRoutesRemoved() { return staleRemoved; }

    public long failedRoutes() { return writer.failuresTotal(); }

    /** Route installs the guard rails refused. */
    public long refusedRoutes() { return guard.refusals(); }

    // ---- the fib-sync thread ----

    private void run() {
        // The install is bound by this thread (the kernel's work runs inside its sendmsg): ahead of
        // the daemon's other threads on a busy run queue (ADR 0102).
        int nice = ThreadNice.fibSyncNice();
        if (nice != 0) ThreadNice.applyToCurrentThread(nice, "fib-sync");
        long scanNanos = settings.scanInterval().toNanos();
        boolean scanWanted = false;
        // A routing change asked for the scan: resolve the next hops again just before it, because the
        // kernel may flush a downed link's routes after its link event, and a resolution made at the
        // event would let the scan put our route back through a gateway that is no longer reachable.
        boolean resolveBeforeScan = false;
        while (running) {
            try {
                long now = System.nanoTime();
                long scanDue = scanWanted ? lastScan + MIN_SCAN_SPACING_NANOS : periodicScanDue(scanNanos);
                Runnable t = tasks.poll(Math.max(0, Math.min(scanDue, retryAt) - now), TimeUnit.NANOSECONDS);
                if (t != null) {
                    t.run();
                    // The close task removed our routes: no scan after it, which would put the wanted ones back.
                    if (!running) return;
                    if (!tasks.isEmpty()) continue; // batches first; housekeeping when idle
                }
                if (routingChanged.getAndSet(false)) {
                    ourRouteCoversNextHop = false;
                    reresolve();
                    scanWanted = true; // IPv4 drops routes of a downed link without telling anyone
                    resolveBeforeScan = true;
                } else if (ourRouteCoversNextHop) {
                    ourRouteCoversNextHop = false;
                    reresolve(); // a next hop may now resolve through (or no longer through) a route of ours
                }
                if (ourRouteDeleted.getAndSet(false)) scanWanted = true;
                boolean lost = eventsLost.getAndSet(false) | writer.takeOverrun();
                now = System.nanoTime();
                if (lost || now >= periodicScanDue(scanNanos) || (scanWanted && now - lastScan >= MIN_SCAN_SPACING_NANOS)) {
                    if (lost) {
                        overruns++;
                        LOG.info("netlink messages were lost: dumping our routes to reconcile");
                    }
                    if (resolveBeforeScan) {
                        resolveBeforeScan = false;
                        reresolve();
                    }
                    scan();
                    long took = System.nanoTime() - now;
                    lastScan = System.nanoTime();
                    scanWanted = false;
                    // A full table makes a scan cost about a second: keep periodic scans below 10% of a core.
                    scanNanos = Math.max(settings.scanInterval().toNanos(), 10 * took);
                } else if (System.nanoTime() >= retryAt) {
                    retryRound();
                }
            } catch (InterruptedException e) {
                return;
            } catch (NetlinkException | RuntimeException e) {
                LOG.warn("FIB sync step failed, will reconcile: {}", e.toString());
                eventsLost.set(true);
            }
        }
    }

    /**
     * When the next periodic scan may run: its interval after the last scan, but not while
     * batches are still arriving (a full-table load would otherwise be dumped midway, for
     * nothing), unless that has put it off for {@link #MAX_SCAN_DEFERRAL_NANOS} and the last batch
     * added no route. While a load is still adding routes the scan waits for its pause however
     * long the load takes (a full table on a busy machine took over 60 s, and a dump of a million
     * routes beside the writer costs it about a second): what a scan repairs during a load (a
     * route of ours deleted, links or routes changing) still comes as an event and asks for its
     * own scan, which does not wait for the load.
     */
    private long periodicScanDue(long scanNanos) {
        long due = lastScan + scanNanos;
        long afterPause = Math.max(due, lastBatch + QUIET_BEFORE_SCAN_NANOS);
        return lastBatchGrew ? afterPause : Math.min(afterPause, due + MAX_SCAN_DEFERRAL_NANOS);
    }

    /**
     * Applies {@code first} together with the batches queued right behind it, up to
     * {@link #WINDOW_ROUTES} routes (at least {@code first}); never past a batch that ends the
     * initial sync, whose stale sweep must follow exactly the batches up to it.
     */
    private void applyQueued(FibBatch first) {
        BatchWindow w = window;
        w.clear();
        w.add(first);
        boolean byAddress = wantedV4 >= windowFromRoutes;
        while (byAddress && !w.batch(w.batchCount() - 1).endsInitialSync()
                && tasks.peek() instanceof Submitted next && w.size() + next.batch.size() <= WINDOW_ROUTES) {
            tasks.poll(); // only this thread takes from the queue: it is still the one peeked at
            w.add(next.batch);
        }
        try {
            apply(w, byAddress);
        } finally {
            // Applied and acknowledged: nothing reads these batches again, so their arrays may carry the next ones.
            for (int b = 0; b < w.batchCount(); b++) w.batch(b).recycle();
            w.clear();
        }
    }

    private void apply(BatchWindow w, boolean byAddress) {
        long started = System.nanoTime();
        int n = w.size(), batches = w.batchCount();
        long wantedBefore = wantedV4 + wantedV6;
        int[] replaced = this.replaced, entryState = this.entryState;
        if (replaced.length < n) {
            replaced = new int[n];
            entryState = new int[n];
            if (n <= MAX_KEPT_SCRATCH) { // windows are far smaller; a rare huge batch is not kept
                this.replaced = replaced;
                this.entryState = entryState;
            }
        }
        if (failedPerBatch.length < batches) failedPerBatch = new int[Math.max(batches, 2 * failedPerBatch.length)];
        int[] failed = failedPerBatch;
        java.util.Arrays.fill(failed, 0, batches, 0);
        try {
            // Pass 1: the wanted table for the whole window, in window order (so per prefix the last
            // entry wins). By the engine's prefix ids, which a load hands out in arrival order, the
            // writes go nearly in sequence (ADR 0137); the stale set is touched only after a restart.
            int notApplied = 0;
            for (int b = 0; b < batches; b++) {
                FibBatch batch = w.batch(b);
                int base = w.start(b);
                for (int i = 0, size = batch.size(); i < size; i++) {
                    int k = base + i;
                    try {
                        wantEntry(batch, i, k, replaced, entryState);
                    } catch (RuntimeException e) {
                        // One entry the table refuses (a wiring error such as a missing prefix id) fails alone: the
                        // window's other entries, withdraws included, still reach the table and the kernel. A withdraw
                        // left out here would leave its prefix's id wanted after the engine frees it (ADR 0137).
                        replaced[k] = 0;
                        entryState[k] = KEEP_ABSENT;
                        failed[b]++;
                        if (notApplied++ == 0) LOG.error("FIB: batch {} entry {} ({}) not applied: {}", batch.sequence(), i, entryText(batch, i), e.toString());
                    }
                }
            }
            if (notApplied > 1) LOG.error("FIB: {} entries of this window not applied", notApplied);
            // Pass 2: the kernel requests, in window order or with IPv4 in address order (ADR 0132);
            // that order is stable, so the requests on one prefix go out in window order. Ids
            // replaced in pass 1 are released only afterwards, so each id read here still names its set.
            int v4 = byAddress ? w.sortIpv4() : -1;
            for (int j = 0; j < v4; j++) {
                long key = w.key(j);
                request(Family.IPV4_UNICAST, BatchWindow.address(key), 0, BatchWindow.length(key), entryState[BatchWindow.index(key)]);
            }
            for (int b = 0; b < batches; b++) {
                FibBatch batch = w.batch(b);
                int base = w.start(b);
                for (int i = 0, size = batch.size(); i < size; i++) {
                    Family f = batch.family(i);
                    if (v4 >= 0 && f == Family.IPV4_UNICAST) continue; // written above
                    request(f, batch.addressHi(i), batch.addressLo(i), batch.length(i), entryState[base + i]);
                }
            }
            if (w.batch(batches - 1).endsInitialSync() && !initialSyncEnded) {
                initialSyncEnded = true;
                int staleCount = stale.size();
                for (int s = 0; s < stale.capacity(); s++) {
                    if (stale.used(s)) writer.withdraw(stale.family(s), stale.hi(s), stale.lo(s), stale.length(s));
                }
                stale.clear();
                staleRemoved += staleCount;
                objects.leftoversMayGo();
                objectsDirty = true;
                LOG.info("initial sync done: {} stale routes of an earlier run removed", staleCount);
            }
            writer.flush();
            List<RouteFailure> failures = writer.takeFailures();
            int count = noteFailures(failures);
            if (batches == 1) failed[0] += count;
            else if (count > 0) attribute(w, failures, failed);
        } catch (NetlinkException e) {
            LOG.warn("applying {} failed, will reconcile: {}", batches == 1 ? w.batch(0) : batches + " batches from " + w.batch(0), e.getMessage());
            eventsLost.set(true);
            for (int b = 0; b < batches; b++) failed[b] = w.batch(b).size();
        } finally {
            for (int k = 0; k < n; k++) {
                if (replaced[k] != 0 && hopSets.release(replaced[k])) objectsDirty = true;
            }
            sweepObjects();
            lastBatch = System.nanoTime();
            lastBatchGrew = wantedV4 + wantedV6 > wantedBefore;
            publishStats();
            FibListener l = listener;
            for (int b = 0; b < batches; b++) {
                batchNanos.accept(lastBatch - started);
                if (l != null) l.applied(w.batch(b).sequence(), failed[b]);
            }
        }
    }

    /**
     * Which batch of a window each refusal belongs to: the last one that named its prefix (the one
     * whose entry the kernel answered); a refused delete of a stale route goes to the last batch.
     * Refusals are rare, so this may allocate.
     */
    private static void attribute(BatchWindow w, List<RouteFailure> failures, int[] failed) {
        Map<IpPrefix, Integer> open = new HashMap<>();
        for (RouteFailure f : failures) {
            if (f.withdraw() && f.errno() == Errno.ESRCH) continue; // as noteFailures: not a refusal
            open.merge(f.prefix(), 1, Integer::sum);
        }
        for (int b = w.batchCount() - 1; b >= 0 && !open.isEmpty(); b--) {
            FibBatch batch = w.batch(b);
            for (int i = batch.size() - 1; i >= 0 && !open.isEmpty(); i--) {
                Integer c = open.remove(batch.prefix(i));
                if (c != null) failed[b] += c;
            }
        }
        for (int c : open.values()) failed[w.batchCount() - 1] += c;
    }

    /** Entry {@code i}'s prefix for a log line, even when the entry is too malformed to make one. */
    private static String entryText(FibBatch batch, int i) {
        try {
            return batch.prefix(i).toString();
        } catch (RuntimeException e) {
            return "an entry that names no prefix: " + e.getMessage();
        }
    }

    /** Pass 1 for entry {@code i} of {@code batch}, at {@code k} in the window: the wanted table, and what pass 2 sends. */
    private void wantEntry(FibBatch batch, int i, int k, int[] replaced, int[] entryState) {
        Family f = batch.family(i);
        long hi = batch.addressHi(i), lo = batch.addressLo(i);
        int len = batch.length(i);
        NextHopSet hops = batch.nextHops(i);
        if (hops == null) {
            boolean wasStale = stale.size() > 0 && stale.remove(f, hi, lo, len) != 0;
            int was = wanted.remove(batch, i);
            if (was != 0) countWanted(f, -1);
            replaced[k] = was;
            entryState[k] = was != 0 | wasStale ? DELETE : KEEP_ABSENT; // ours may be in the kernel: delete it
        } else {
            if (stale.size() > 0) stale.remove(f, hi, lo, len);
            int id = hopSets.acquire(hops);
            int was;
            try {
                was = wanted.put(batch, i, id);
            } catch (RuntimeException e) {
                hopSets.release(id);
                throw e;
            }
            if (was == 0) countWanted(f, 1);
            replaced[k] = was;
            entryState[k] = id;
        }
    }

    /** Pass 2 for one entry: {@code state} is its new set id (a replace), {@link #DELETE} or {@link #KEEP_ABSENT} (withdraws). */
    private void request(Family f, long hi, long lo, int len, int state) throws NetlinkException {
        if (!ourRouteCoversNextHop && coversKnownNextHop(f, hi, lo, len)) ourRouteCoversNextHop = true;
        if (state > 0) {
            write(f, hi, lo, len, state);
        } else {
            if (refused.size() > 0) refused.remove(f, hi, lo, len);
            if (state == DELETE) writer.withdraw(f, hi, lo, len);
        }
    }

    private void countWanted(Family f, int delta) {
        if (f == Family.IPV4_UNICAST) wantedV4 += delta;
        else wantedV6 += delta;
    }

    private void publishStats() {
        stats = new Stats(wantedV4, wantedV6, kernelV4, kernelV6,
                writer.replacesSent(), writer.replaceFailures(), writer.withdrawsSent(), writer.withdrawFailures(),
                retrying.size(), persistentFailures, restored, staleRemoved, guard.refusals(), overruns);
    }

    /** Writes one wanted route as its next hops resolve now; unresolvable means not installed. */
    private void write(Family f, long hi, long lo, int len, int hopSet) throws NetlinkException {
        if (guard.refuses(f, hi, lo, len)) {
            refused.put(f, hi, lo, len, 1);
            writer.withdraw(f, hi, lo, len);
            return;
        }
        if (refused.size() > 0) refused.remove(f, hi, lo, len);
        Resolution r = resolution(hopSet);
        if (!r.reachable()) {
            writer.withdraw(f, hi, lo, len); // may not be there: ESRCH is ignored
            return;
        }
        int object = objectToUse(hopSet, f, r);
        if (object > 0) {
            writer.replaceViaObject(f, hi, lo, len, object);
            return;
        }
        List<NextHop> kernelHops = r.hops();
        int n = kernelHops.size();
        writer.beginReplace(f, hi, lo, len, n);
        for (int i = 0; i < n; i++) writer.nextHop(kernelHops.get(i).gateway(), kernelHops.get(i).ifIndex());
        writer.endReplace();
    }

    /**
     * The nexthop object a route of this set and family goes through, created if needed (the
     * writer is flushed first: the object must exist before the routes that name it, and its
     * request shares the writer's socket); 0 when the route carries its gateways.
     */
    private int objectToUse(int hopSet, Family f, Resolution r) throws NetlinkException {
        int object = hopSets.object(hopSet);
        if (object == 0) {
            object = objects.existing(r.hops());
            if (object == 0 && objects.enabled()) {
                writer.flush();
                object = objects.idFor(r.hops(), f == Family.IPV4_UNICAST);
            }
            if (object == 0) object = -1;
            hopSets.object(hopSet, object);
        }
        return object > 0 && sameFamily(f, r) ? object : 0;
    }

    /** {@link #objectToUse} without creating anything: what a route of this set should name now, or 0. */
    private int objectIfKnown(int hopSet, Family f, Resolution r) {
        int object = hopSets.object(hopSet);
        if (object == 0) object = objects.enabled() ? objects.existing(r.hops()) : 0;
        return object > 0 && sameFamily(f, r) ? object : 0;
    }

    /** Objects carry a family: a route goes through one only when its gateways are of the route's own family. */
    private static boolean sameFamily(Family f, Resolution r) {
        IpAddress g = r.hops().getFirst().gateway();
        return g != null && g.isV4() == (f == Family.IPV4_UNICAST);
    }

    /**
     * Deletes the nexthop objects no wanted route goes through any more (and an earlier run's
     * leftovers once the initial sync is over). Runs only with the writer flushed, so every
     * route that moved off an object has left it in the kernel before the object goes.
     */
    private void sweepObjects() {
        if (!objectsDirty || !objects.supported() || writer.pending() > 0) return;
        objectsDirty = false;
        try {
            Set<Integer> inUse = new HashSet<>();
            for (int id = 1; id < hopSets.limit(); id++) {
                if (hopSets.set(id) == null) continue;
                int o = hopSets.object(id);
                if (o == 0) {
                    Resolution r = resolution(id);
                    o = r.reachable() ? objects.existing(r.hops()) : 0;
                }
                if (o > 0) inUse.add(o);
            }
            objects.sweep(inUse);
        } catch (NetlinkException e) {
            LOG.warn("could not remove unused nexthop objects, will try again: {}", e.getMessage());
            objectsDirty = true;
        }
    }

    /**
     * Refusals of the last flush that matter (a delete of an absent route is not one): each is
     * queued to be tried again with back-off (logged once per errno by the writer).
     */
    private int countFailures() {
        return noteFailures(writer.takeFailures());
    }

    private int noteFailures(List<RouteFailure> failures) {
        int n = 0;
        for (RouteFailure f : failures) {
            if (f.withdraw() && f.errno() == Errno.ESRCH) continue;
            n++;
            int attempts = Math.min(retrying.get(f.prefix()) + 1, PrefixMap.MAX_VALUE);
            retrying.put(f.prefix(), attempts);
            if (attempts == PERSISTENT_AFTER) {
                persistentFailures++;
                LOG.warn("kernel keeps refusing {} ({} times in a row, last {}); still retrying every {} s",
                        f, attempts, Errno.name(f.errno()), TimeUnit.NANOSECONDS.toSeconds(RETRY_MAX_NANOS));
            }
        }
        if (retrying.size() > 0 && retryAt == Long.MAX_VALUE) retryAt = System.nanoTime() + retryDelay;
        return n;
    }

    /**
     * Tries the refused prefixes again, as they are wanted now (a route that is no longer wanted
     * is deleted instead). Those refused again wait twice as long next time, up to
     * {@link #RETRY_MAX_NANOS}; the rest leave the retry set.
     */
    private void retryRound() throws NetlinkException {
        List<IpPrefix> round = new ArrayList<>(retrying.size());
        for (int s = 0; s < retrying.capacity(); s++) if (retrying.used(s)) round.add(retrying.prefix(s));
        for (IpPrefix p : round) {
            IpAddress a = p.address();
            int hopSet = wanted.get(a.family(), a.hi(), a.lo(), p.length());
            if (hopSet != 0) write(a.family(), a.hi(), a.lo(), p.length(), hopSet);
            else if (!stale.contains(a.family(), a.hi(), a.lo(), p.length())) writer.withdraw(p);
        }
        writer.flush();
        List<RouteFailure> failures = writer.takeFailures();
        Set<IpPrefix> again = new HashSet<>();
        for (RouteFailure f : failures) if (!(f.withdraw() && f.errno() == Errno.ESRCH)) again.add(f.prefix());
        for (IpPrefix p : round) if (!again.contains(p)) retrying.remove(p);
        retryAt = Long.MAX_VALUE;
        retryDelay = again.isEmpty() ? RETRY_MIN_NANOS : Math.min(2 * retryDelay, RETRY_MAX_NANOS);
        noteFailures(failures);
        if (again.isEmpty()) LOG.info("{} refused routes written on retry", round.size());
        publishStats();
    }

    /** The resolution of the wanted next-hop set with this id: an array read on the hot path. */
    private Resolution resolution(int hopSet) {
        Resolution r = hopSets.resolution(hopSet);
        if (r == null) {
            r = resolution(hopSets.set(hopSet));
            hopSets.resolution(hopSet, r);
        }
        return r;
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
        if (unroutable(hop.address())) {
            hopResolutions.put(hop, Resolution.UNREACHABLE);
            nextHopIndex = null;
            return Resolution.UNREACHABLE;
        }
        try {
            IpAddress address = hop.address();
            int ifIndex = address.linkScope(); // a link-local next hop tied to its session's interface (LinkLocalNextHop)
            if (ifIndex != 0) address = address.withoutLinkScope();
            else if (hop.device() != null) {
                ifIndex = queries.linkIndex(hop.device());
                if (ifIndex == 0) r = Resolution.UNREACHABLE;
            }
            if (r == null) r = queries.resolve(address, ifIndex);
            if (r.viaOurs() != null) r = throughOurRoute(hop, r);
        } catch (NetlinkException e) {
            LOG.warn("could not resolve next hop {}: {}", hop, e.getMessage());
            r = Resolution.UNREACHABLE;
        }
        hopResolutions.put(hop, r);
        nextHopIndex = null;
        return r;
    }

    /**
     * A next hop no kernel route can use, whatever the table holds (logged once per address): :: and an
     * IPv4-mapped address, which peers without a global IPv6 address send for IPv6 routes over an IPv4 session
     * (GoBGP sends ::ffff:a.b.c.d). Looked up as routes they would match a default route, and the kernel takes
     * no IPv4 gateway for an IPv6 route.
     */
    private boolean unroutable(IpAddress a) {
        if (!a.isV4Mapped() && !a.isUnspecified()) return false;
        if (loggedUnreachable.add(a)) {
            LOG.warn("next hop {} is unreachable: {}", a, a.isV4Mapped()
                    ? "an IPv4-mapped address, and Linux routes no IPv6 prefix through an IPv4 gateway"
                      + " (peer with it over IPv6, or have it set a global IPv6 next hop)"
                    : "the unspecified address: the peer sent no global IPv6 next hop");
        }
        return true;
    }

    /**
     * The kernel would reach {@code hop} through one of our own BGP routes. As BIRD does (a
     * recursive route must not depend on another recursive route), that is allowed only when
     * our route's own next hops are all on connected networks; it then resolves to that route's
     * gateways. Otherwise the next hop is unreachable (logged once per next hop). One level only,
     * so no chain of our routes can loop.
     */
    private Resolution throughOurRoute(org.jbgpd.fib.NextHop hop, Resolution viaOurs) throws NetlinkException {
        IpPrefix p = viaOurs.viaOurs();
        IpAddress a = p.address();
        int coveringId = wanted.get(a.family(), a.hi(), a.lo(), p.length());
        NextHopSet covering = coveringId == 0 ? null : hopSets.set(coveringId);
        boolean direct = covering != null && viaOurs.reachable();
        for (int i = 0; direct && i < covering.size(); i++) {
            org.jbgpd.fib.NextHop h = covering.get(i);
            int ifIndex = h.device() == null ? 0 : queries.linkIndex(h.device());
            Resolution d = queries.resolve(h.address(), ifIndex);
            direct = d.connected() && d.viaOurs() == null;
        }
        if (direct) return new Resolution(viaOurs.hops(), viaOurs.cost(), false, p);
        if (loggedUnreachable.add(hop.address())) {
            LOG.warn("next hop {} resolves only through our route {}, which is itself recursive: unreachable", hop, p);
        }
        return Resolution.UNREACHABLE;
    }

    /**
     * True if our route to this prefix could change how a known next hop resolves (it covers
     * one): our own writes raise no kernel event, so the caller re-resolves after the batch.
     */
    private boolean coversKnownNextHop(Family f, long hi, long lo, int len) {
        if (hopResolutions.isEmpty()) return false;
        if (nextHopIndex == null) nextHopIndex = NextHopIndex.of(hopResolutions.keySet());
        return nextHopIndex.anyWithin(f, hi, lo, len);
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
        // A device that went away took our nexthop objects on it (and their routes): the sets
        // that went through one of them are written again even where their resolution is the same.
        Map<NextHopSet, Integer> objectBefore = new HashMap<>();
        for (Map.Entry<NextHopSet, Resolution> e : before.entrySet()) objectBefore.put(e.getKey(), objects.existing(e.getValue().hops()));
        boolean objectsChanged = objects.verify();
        setResolutions.clear();
        hopResolutions.clear();
        hopSets.forgetResolutions();
        Set<NextHopSet> moved = new HashSet<>();
        for (Map.Entry<NextHopSet, Resolution> e : before.entrySet()) {
            Resolution now = resolution(e.getKey());
            if (!now.equals(e.getValue()) || (objectsChanged && objects.existing(now.hops()) != objectBefore.get(e.getKey()))) moved.add(e.getKey());
        }
        if (objectsChanged || !moved.isEmpty()) objectsDirty = true;
        if (!moved.isEmpty()) {
            int rewritten = 0;
            for (int s = 0; s < wanted.capacity(); s++) {
                if (wanted.used(s) && moved.contains(hopSets.set(wanted.value(s)))) {
                    write(wanted.family(s), wanted.hi(s), wanted.lo(s), wanted.length(s), wanted.value(s));
                    if (coversKnownNextHop(wanted.family(s), wanted.hi(s), wanted.lo(s), wanted.length(s))) ourRouteCoversNextHop = true;
                    rewritten++;
                }
            }
            writer.flush();
            countFailures();
            LOG.info("next hops changed: {} routes rewritten", rewritten);
        }
        sweepObjects();
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
        if (objects.verify()) {
            hopSets.forgetObjects();
            objectsDirty = true;
        }
        ScanVisitor v = new ScanVisitor(wanted.capacity());
        dump.visitOurs(settings.table(), v);
        int removed = 0, fixed = 0;
        for (int i = 0; i < v.unwanted; i++) {
            writer.withdraw(v.unwantedFamily[i], v.unwantedHi[i], v.unwantedLo[i], v.unwantedLength[i]);
            removed++;
        }
        for (int s = 0; s < v.capacity; s++) {
            if (!wanted.used(s) || v.present(s)) continue;
            if (refused.size() > 0 && refused.contains(wanted.family(s), wanted.hi(s), wanted.lo(s), wanted.length(s))) continue;
            if (!resolution(wanted.value(s)).reachable()) continue;
            write(wanted.family(s), wanted.hi(s), wanted.lo(s), wanted.length(s), wanted.value(s));
            fixed++;
        }
        writer.flush();
        // A route the kernel refuses again (it waits for its retry) was not put back.
        restored += Math.max(0, fixed - countFailures());
        sweepObjects();
        kernelV4 = v.v4;
        kernelV6 = v.v6;
        publishStats();
        if (fixed > 0 || removed > 0) LOG.info("kernel table reconciled: {} routes put back or corrected, {} unwanted removed", fixed, removed);
    }

    /**
     * Reads a dump of our routes against the wanted table without an object per route: marks
     * the wanted slots the kernel holds correctly, and lists ours that must go (in primitive
     * arrays, grown as needed), or adds them to the stale set before the initial sync ends.
     * The marks are a bit per slot: a full table's scan allocated a boolean per slot before,
     * 1.5 MB at 1M routes every scan (0.2 MB now), promoted whenever a young collection fell
     * inside the scan (ADR 0129).
     */
    private final class ScanVisitor implements RouteDump.Visitor {
        /** The wanted table's capacity when the scan began: the slots the marks are for. */
        final int capacity;
        private final long[] present;
        int unwanted;
        Family[] unwantedFamily = new Family[16];
        long[] unwantedHi = new long[16];
        long[] unwantedLo = new long[16];
        int[] unwantedLength = new int[16];
        long v4;
        long v6;

        ScanVisitor(int capacity) {
            this.capacity = capacity;
            present = new long[(capacity + 63) >>> 6];
        }

        /** Whether the kernel holds the wanted route of slot {@code s} as it should be. */
        boolean present(int s) {
            return (present[s >>> 6] & 1L << s) != 0;
        }

        @Override
        public void restart() {
            java.util.Arrays.fill(present, 0L);
            unwanted = 0;
            v4 = 0;
            v6 = 0;
        }

        @Override
        public void route(RouteView k) {
            Family f = k.family();
            if (f == Family.IPV4_UNICAST) v4++;
            else v6++;
            long hi = k.hi(), lo = k.lo();
            int len = k.length();
            int slot = wanted.slotOf(f, hi, lo, len);
            if (slot < 0) {
                if (initialSyncEnded) unwanted(f, hi, lo, len);
                else if (!stale.contains(f, hi, lo, len)) stale.put(f, hi, lo, len, 1);
                return;
            }
            if (refused.size() > 0 && refused.contains(f, hi, lo, len)) {
                unwanted(f, hi, lo, len);
                return;
            }
            int hopSet = wanted.value(slot);
            Resolution r = resolution(hopSet);
            if (!r.reachable()) return;
            int object = objectIfKnown(hopSet, f, r);
            // Through the object it should name, or with its own gateways and no object.
            boolean right = object > 0 ? k.nexthopId() == object : k.nexthopId() == 0 && k.sameGateways(r.hops());
            if (right) present[slot >>> 6] |= 1L << slot;
            else present[slot >>> 6] &= ~(1L << slot);
        }

        private void unwanted(Family f, long hi, long lo, int len) {
            if (unwanted == unwantedHi.length) {
                int n = unwanted * 2;
                unwantedFamily = java.util.Arrays.copyOf(unwantedFamily, n);
                unwantedHi = java.util.Arrays.copyOf(unwantedHi, n);
                unwantedLo = java.util.Arrays.copyOf(unwantedLo, n);
                unwantedLength = java.util.Arrays.copyOf(unwantedLength, n);
            }
            unwantedFamily[unwanted] = f;
            unwantedHi[unwanted] = hi;
            unwantedLo[unwanted] = lo;
            unwantedLength[unwanted++] = len;
        }
    }

    /**
     * Stops the FIB thread. With {@code keepOnExit} our routes stay for the next start; without
     * it exactly ours (wanted and stale) are removed first.
     */
    @Override
    public void close() {
        close(settings.keepOnExit());
    }

    /**
     * Stops the FIB thread; {@code keepRoutes} decides, whatever the settings say, whether our
     * routes stay in the kernel (a planned restart keeps them) or exactly ours are removed first.
     */
    public void close(boolean keepRoutes) {
        if (!running) return;
        tasks.add(() -> {
            try {
                if (!keepRoutes) {
                    for (int s = 0; s < wanted.capacity(); s++) {
                        if (wanted.used(s)) writer.withdraw(wanted.family(s), wanted.hi(s), wanted.lo(s), wanted.length(s));
                    }
                    for (int s = 0; s < stale.capacity(); s++) {
                        if (stale.used(s)) writer.withdraw(stale.family(s), stale.hi(s), stale.lo(s), stale.length(s));
                    }
                    writer.flush();
                    countFailures();
                    objects.deleteAll();
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
        objects.close();
        writer.close();
        dump.close();
        queries.close();
        writeSocket.close();
        querySocket.close();
    }
}
