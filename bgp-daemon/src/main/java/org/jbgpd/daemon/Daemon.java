package org.jbgpd.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jbgpd.config.ConfigDiff;
import org.jbgpd.config.ConfigException;
import org.jbgpd.config.ConfigLoader;
import org.jbgpd.config.ConfigProblem;
import org.jbgpd.config.JbgpdConfig;
import org.jbgpd.config.LoadedConfig;
import org.jbgpd.config.NeighborRangeConfig;
import org.jbgpd.config.PeerConfig;
import org.jbgpd.control.ActionResult;
import org.jbgpd.control.ControlServer;
import org.jbgpd.fib.FibPort;
import org.jbgpd.fib.InMemoryFib;
import org.jbgpd.metrics.MetricsServer;
import org.jbgpd.netlink.KernelTable;
import org.jbgpd.netlink.NetlinkFib;
import org.jbgpd.rib.RibConfig;
import org.jbgpd.rib.RouteEngine;
import org.jbgpd.transport.BgpTransport;
import org.jbgpd.transport.PeerSnapshot;
import org.jbgpd.transport.SpeakerParameters;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running jbgpd: config -> sessions (transport) -> route engine -> FIB (netlink), with the
 * control socket and metrics reading snapshots. Built in that order and closed in reverse.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final Path configFile;
    private final AtomicReference<JbgpdConfig> running;
    private final SdNotify sd;
    private final FibPort fib;
    private final RouteEngine engine;
    private final SessionBridge bridge;
    private final BgpTransport transport;
    private final ExecutorService admin;
    private final ControlServer control;
    private final MetricsServer metrics;
    private final java.util.concurrent.ScheduledExecutorService peerLog;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile StopMode stopMode = StopMode.CEASE;
    private Watchdog watchdog;
    private java.util.concurrent.ExecutorService probes;

    /**
     * How jbgpd ends. CEASE (SIGTERM, `jbgpctl stop`): Cease 6/2 to every peer, so they drop our
     * routes at once; kernel routes per kernel.keepOnExit. PLANNED_RESTART (`jbgpctl stop --graceful`):
     * connections closed without a NOTIFICATION, which RFC 4724 helpers read as a restart: they keep
     * our routes (stale) for our restart time, while the kernel keeps theirs whatever kernel.keepOnExit says.
     */
    public enum StopMode { CEASE, PLANNED_RESTART }

    private Daemon(Path configFile, JbgpdConfig config, SdNotify sd) throws IOException {
        this.configFile = configFile;
        this.running = new AtomicReference<>(config);
        this.sd = sd;
        List<AutoCloseable> started = new ArrayList<>();
        try {
            fib = startFib(config);
            started.add((AutoCloseable) () -> { if (fib instanceof NetlinkFib n) n.close(); });
            // Kernel batch latencies from the first batch on; the meters themselves are built at the first scrape (ADR 0095).
            MetricsServer.KernelBatchRecorder kernelBatches =
                    config.metrics().enabled() && fib instanceof NetlinkFib n ? MetricsServer.recordKernelBatches(n) : null;
            List<IpPrefix> announce = config.announce().stream().map(a -> a.prefix()).toList();
            RibSize size = RibSize.of(config);
            engine = new RouteEngine(ribConfig(config, fib, announce), fib, sinkProxy(), size.ipv4(), size.ipv6());
            engine.start();
            started.add(engine);
            BgpTransport[] t = new BgpTransport[1];
            bridge = new SessionBridge(engine, running, peer -> LocalAddresses.of(t[0], running.get(), peer));
            started.add(bridge);
            outbound = bridge;
            // Our routes still in the kernel: we are restarting (RFC 4724), so OPENs carry R=1 and F=1 and
            // GR helpers keep our routes until our End-of-RIB instead of flushing them on re-establish.
            boolean restarting = fib instanceof NetlinkFib n && n.routesFoundAtStart() > 0;
            transport = BgpTransport.start(new SpeakerParameters(config.asNumber(), config.routerId(),
                    config.listen().enabled() ? config.listen().address() : null, config.listen().port(), restarting), bridge);
            t[0] = transport;
            started.add(transport);
            for (NeighborRangeConfig r : config.neighborRanges()) transport.addNeighborRange(PeerMapping.range(r));
            for (PeerConfig p : config.peers()) transport.addPeer(PeerMapping.peer(p));
            admin = Executors.newSingleThreadExecutor(r -> {
                Thread th = new Thread(r, "jbgpd-admin");
                th.setDaemon(true);
                return th;
            });
            started.add(admin::shutdownNow);
            control = ControlServer.start(config.control().socket(), config.control().group(), config.control().mode(),
                    new DaemonControl(transport, engine, config.asNumber(), admin, this::reload, this::requestStop));
            started.add(control);
            peerLog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "jbgpd-peer-log");
                th.setDaemon(true);
                return th;
            });
            started.add(peerLog::shutdownNow);
            peerLog.scheduleWithFixedDelay(new PeerStateLog(transport::snapshots, System::currentTimeMillis), 5, 5, TimeUnit.SECONDS);
            metrics = config.metrics().enabled()
                    ? MetricsServer.start(config.metrics().address(), config.metrics().port(), transport, engine, kernelBatches) : null;
        } catch (IOException | RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The engine needs its sink before the bridge exists (the bridge needs the engine); this forwards once set. */
    private volatile org.jbgpd.rib.OutboundSink outbound = org.jbgpd.rib.OutboundSink.NONE;

    private org.jbgpd.rib.OutboundSink sinkProxy() {
        return new org.jbgpd.rib.OutboundSink() {
            @Override public void send(org.jbgpd.wire.IpAddress peer, org.jbgpd.rib.ExportBatch batch) { outbound.send(peer, batch); }
            @Override public void endOfRib(org.jbgpd.wire.IpAddress peer, org.jbgpd.wire.Family family) { outbound.endOfRib(peer, family); }
            @Override public void maxPrefixExceeded(org.jbgpd.wire.IpAddress peer, org.jbgpd.wire.Family family, long limit) {
                outbound.maxPrefixExceeded(peer, family, limit);
            }
        };
    }

    /**
     * Restarting with our routes still in the kernel (keepOnExit, or kill -9), jbgpd is the
     * restarting speaker of RFC 4724 §4.1: it defers selection, FIB changes and exports until every
     * peer it waits for has sent End-of-RIB, or the deferral timer runs out. Otherwise peers coming back
     * one by one would shrink ECMP sets (dynamic neighbors) or flap routes the kernel already holds.
     * The timer matches the 120 s restart time Calico's BIRD advertises, so routes are not dropped
     * before a node could have reconnected.
     */
    static final int RESTART_DEFERRAL_SECONDS = 120;

    private static RibConfig ribConfig(JbgpdConfig config, FibPort fib, List<IpPrefix> announce) {
        boolean restarting = fib instanceof NetlinkFib n && n.routesFoundAtStart() > 0;
        if (!restarting) {
            // Nothing of an earlier run in the kernel: no deferral, and the initial sync has nothing to wait for.
            return new RibConfig(config.routerId(), null, config.asNumber(), config.kernel().ecmp(), 0, 0, null, announce);
        }
        Set<IpAddress> waitFor = restartDeferralPeers(config, ((NetlinkFib) fib).gatewaysFoundAtStart());
        if (config.peers().isEmpty()) {
            log.info("restarting with our routes in the kernel: selection deferred until End-of-RIB from the {} dynamic neighbor(s) "
                    + "that were next hops of those routes, or {} s", waitFor.size(), RESTART_DEFERRAL_SECONDS);
        } else {
            log.info("restarting with our routes in the kernel: selection deferred until End-of-RIB from {} configured peer(s) or {} s",
                    waitFor.size(), RESTART_DEFERRAL_SECONDS);
        }
        return new RibConfig(config.routerId(), null, config.asNumber(), config.kernel().ecmp(), 0, RESTART_DEFERRAL_SECONDS, waitFor, announce);
    }

    /**
     * Whose End-of-RIB ends a restart's deferral: the configured peers; with none (dynamic neighbors
     * only), the gateways of the routes found in the kernel that lie in a neighbor range, i.e. the nodes
     * that announced those routes in the earlier run (a Calico node is the next hop of its own blocks).
     * A gateway that does not come back leaves the wait to the timer, as a configured peer that stays
     * down does (ADR 0042). With configured peers the gateways are not added: behind route reflectors
     * the next hops are nodes that never peer with us.
     */
    static Set<IpAddress> restartDeferralPeers(JbgpdConfig config, Set<IpAddress> gateways) {
        Set<IpAddress> peers = new HashSet<>();
        for (PeerConfig p : config.peers()) peers.add(p.address());
        if (!peers.isEmpty()) return peers;
        for (IpAddress g : gateways) {
            for (NeighborRangeConfig r : config.neighborRanges()) {
                if (r.range().contains(g)) {
                    peers.add(g);
                    break;
                }
            }
        }
        return peers;
    }

    private static FibPort startFib(JbgpdConfig config) throws IOException {
        if (!config.kernel().enabled()) {
            log.info("kernel.enabled is false: routes are learned but not installed");
            return new InMemoryFib();
        }
        KernelTable table = KernelTable.of(config.kernel().table(), config.kernel().protocol(), config.kernel().metric());
        try {
            NetlinkFib fib = NetlinkFib.start(new NetlinkFib.Settings(table, config.kernel().keepOnExit(), Duration.ofSeconds(5), null)
                    .withNexthopObjects(config.kernel().nexthopObjects()));
            // Guard rails (ADR 0033): never let a learned route take over the path to a configured peer.
            fib.protectPeers(config.peers().stream().map(PeerConfig::address).toList());
            return fib;
        } catch (org.jbgpd.netlink.NetlinkException e) {
            throw new IOException("cannot open the kernel routing table (netlink): " + e.getMessage(), e);
        }
    }

    /** Starts everything, then tells systemd READY=1 (config loaded, listeners bound). */
    public static Daemon start(Path configFile, LoadedConfig loaded, SdNotify sd) throws IOException {
        return start(configFile, loaded, sd, null);
    }

    /**
     * As {@link #start(Path, LoadedConfig, SdNotify)}, with signals handed to the daemon before READY=1:
     * systemd (or a test) may send SIGHUP as soon as it reads READY=1, and a reload must not be lost
     * to the "still starting" branch of the handler (seen under load in JbgpdProcessTest).
     */
    public static Daemon start(Path configFile, LoadedConfig loaded, SdNotify sd, SignalHandlers signals) throws IOException {
        JbgpdConfig c = loaded.config();
        Daemon d = new Daemon(configFile, c, sd);
        if (signals != null) signals.attach(d);
        log.info("jbgpd running: router id {}, AS {}, {} peers, {} neighbor ranges, control {}{}", c.routerId(), c.asNumber(),
                c.peers().size(), c.neighborRanges().size(), c.control().socket(),
                d.metrics == null ? "" : ", metrics http://" + c.metrics().address() + ":" + d.metrics.port() + "/metrics");
        sd.notify("READY=1\nSTATUS=running, " + c.peers().size() + " peers");
        d.startWatchdog(Watchdog.interval(System.getenv(), ProcessHandle.current().pid()));
        return d;
    }

    /** WATCHDOG=1 every half interval while the engine, the session loop and the FIB answer; null = off. */
    private void startWatchdog(Duration interval) {
        if (interval == null || !sd.enabled()) return;
        probes = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jbgpd-watchdog-probe").factory());
        List<Watchdog.Probe> asks = new ArrayList<>();
        asks.add(new Watchdog.Probe("the route engine", engine::barrier));
        asks.add(new Watchdog.Probe("the session event loop", () -> java.util.concurrent.CompletableFuture.runAsync(transport::snapshots, probes)));
        if (fib instanceof NetlinkFib n) {
            asks.add(new Watchdog.Probe("the kernel FIB thread", () -> java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    n.inspect(() -> Boolean.TRUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }, probes)));
        }
        watchdog = new Watchdog(sd, asks);
        watchdog.start(interval);
    }

    /**
     * Handles SIGHUP/SIGTERM/SIGINT from the very start of main, before the daemon exists (a
     * SIGTERM while starting would otherwise kill the JVM with status 143, without Cease): a stop
     * that arrives early is remembered and honoured once {@link #attach} hands the daemon over.
     */
    public static final class SignalHandlers {
        private final AtomicReference<Daemon> daemon = new AtomicReference<>();
        private final java.util.concurrent.atomic.AtomicBoolean stopRequested = new java.util.concurrent.atomic.AtomicBoolean();

        public static SignalHandlers install() {
            SignalHandlers h = new SignalHandlers();
            Signals.install(() -> {
                Daemon d = h.daemon.get();
                if (d != null) d.admin.execute(d::reload);
                else log.info("SIGHUP while starting: the config being started is the one just read");
            }, () -> {
                h.stopRequested.set(true); // first, so attach() sees it if it runs in between
                Daemon d = h.daemon.get();
                if (d != null) d.requestStop();
            });
            return h;
        }

        /** From now on signals go to {@code d}; a stop requested while it was starting stops it now. */
        public void attach(Daemon d) {
            daemon.set(d);
            if (stopRequested.get()) d.requestStop();
        }
    }

    /**
     * Whether this run has done what a start does (ADR 0125): every enabled peer has been Established
     * (dynamic neighbors count once they have connected), the route engine has nothing queued, and
     * /metrics, when on, has answered once. The launcher's AOT recording ends once this holds, so the
     * cache holds these paths and not the stop path. False with no peer at all.
     */
    public boolean warmedUp() {
        boolean any = false;
        for (PeerSnapshot p : transport.snapshots()) {
            if (!p.session().enabled()) continue;
            if (p.session().establishedTransitions() == 0) return false;
            any = true;
        }
        return any && engine.backlog() == 0 && (metrics == null || metrics.answered());
    }

    public void requestStop() { stopped.countDown(); }

    /** Stops the daemon the given way (the control API's stop); the main thread then runs {@link #close()}. */
    public void requestStop(StopMode mode) {
        stopMode = mode;
        stopped.countDown();
    }

    public void awaitStop() throws InterruptedException { stopped.await(); }

    /**
     * Re-reads the config file and applies the difference. An invalid file changes nothing.
     * Runs on the admin thread (control API and SIGHUP both go there), so reloads never overlap.
     */
    ActionResult reload() {
        sd.notify("RELOADING=1\nMONOTONIC_USEC=" + TimeUnit.NANOSECONDS.toMicros(System.nanoTime()));
        try {
            LoadedConfig loaded;
            try {
                loaded = ConfigLoader.load(configFile);
            } catch (ConfigException e) {
                List<String> errors = e.problems().stream().map(ConfigProblem::toString).toList();
                errors.forEach(line -> log.warn("reload: {}", line));
                log.warn("reload: {} has errors; the running config stays", configFile);
                return new ActionResult(ActionResult.Outcome.REJECTED, configFile + " has errors; the running config stays", errors);
            }
            loaded.warnings().forEach(w -> log.warn("reload: {}", w));
            JbgpdConfig old = running.get();
            JbgpdConfig next = loaded.config();
            ConfigDiff diff = ConfigDiff.between(old, next);
            if (!diff.restartNeeded().isEmpty()) {
                // All or nothing: the running config stays exactly one file's content, never half of two.
                String why = "changed " + String.join(", ", diff.restartNeeded()) + ": these need a restart of jbgpd"
                        + " (systemctl restart jbgpd); nothing was applied, the running config stays";
                log.warn("reload rejected: {}", why);
                return new ActionResult(ActionResult.Outcome.REJECTED, "reload rejected: " + why, List.of());
            }
            List<String> notes = apply(diff, next);
            String summary = diff.summary();
            log.info("reload: {}", summary);
            return new ActionResult(ActionResult.Outcome.DONE, "reloaded " + configFile + ": " + summary, notes);
        } catch (IOException | RuntimeException e) {
            log.warn("reload failed: {}", e.toString());
            return new ActionResult(ActionResult.Outcome.FAILED, "reload failed: " + e.getMessage(), List.of());
        } finally {
            sd.notify("READY=1");
        }
    }

    /** Ranges removed or changed lose their dynamic peers (Cease 6/3); new and changed ones accept connections again. */
    private void applyRanges(JbgpdConfig old, JbgpdConfig next) throws IOException {
        java.util.Map<String, NeighborRangeConfig> before = new java.util.HashMap<>();
        for (NeighborRangeConfig r : old.neighborRanges()) before.put(r.name(), r);
        java.util.Set<String> kept = new HashSet<>();
        for (NeighborRangeConfig r : next.neighborRanges()) if (r.equals(before.get(r.name()))) kept.add(r.name());
        for (NeighborRangeConfig r : old.neighborRanges()) if (!kept.contains(r.name())) transport.removeNeighborRange(r.name());
        for (NeighborRangeConfig r : next.neighborRanges()) if (!kept.contains(r.name())) transport.addNeighborRange(PeerMapping.range(r));
    }

    private List<String> apply(ConfigDiff diff, JbgpdConfig next) throws IOException {
        List<String> notes = new ArrayList<>();
        // Publish first: sessions that come up from here on get the new policies.
        JbgpdConfig old = running.getAndSet(next);
        for (PeerConfig p : diff.removedPeers()) transport.removePeer(p.name());
        // Session parameters changed: Cease 6/6 (other configuration change) and a new session with the new ones.
        for (PeerConfig p : diff.resetPeers()) transport.replacePeer(PeerMapping.peer(p));
        for (PeerConfig p : diff.addedPeers()) transport.addPeer(PeerMapping.peer(p));
        if (fib instanceof NetlinkFib n && !(diff.addedPeers().isEmpty() && diff.removedPeers().isEmpty() && diff.resetPeers().isEmpty())) {
            n.protectPeers(next.peers().stream().map(PeerConfig::address).toList());
        }
        for (PeerConfig p : diff.policyPeers()) {
            engine.reconfigure(p.address(), PolicyMapping.resolve(next, p.importPolicy()), PolicyMapping.resolve(next, p.exportPolicy()),
                    p.session().maxPrefixes());
        }
        if (diff.rangesChanged()) applyRanges(old, next);
        // The engine sends only the difference: new prefixes announced, dropped ones withdrawn.
        if (diff.announceChanged()) engine.announce(next.announce().stream().map(a -> a.prefix()).toList());
        if (diff.loggingChanged()) {
            if (org.jbgpd.daemon.log.LogControl.apply(next.logging())) log.info("log level is now {}", next.logging().level());
            else notes.add("logging changed, but another logging backend is in use: not applied");
        }
        return notes;
    }

    /**
     * SIGTERM path: STOPPING=1, Cease 6/2 to every peer, kernel routes kept or removed per
     * kernel.keepOnExit. After a planned-restart request: no NOTIFICATION and kernel routes kept.
     */
    @Override
    public void close() {
        sd.notify("STOPPING=1");
        StopMode mode = stopMode;
        if (watchdog != null) watchdog.close();
        if (probes != null) probes.shutdownNow();
        if (mode == StopMode.PLANNED_RESTART) {
            log.info("stopping for a planned restart: closing sessions without NOTIFICATION (graceful restart helpers keep our routes), keeping kernel routes");
        } else {
            log.info("stopping: closing sessions (Cease 6/2){}", running.get().kernel().keepOnExit() ? ", keeping kernel routes" : ", removing kernel routes");
        }
        control.close();
        peerLog.shutdownNow();
        if (metrics != null) metrics.close();
        // Engine and FIB first: closing the sessions makes the engine withdraw their routes, which must
        // not reach the kernel when keepOnExit is set (forwarding has to survive the restart).
        try {
            engine.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (fib instanceof NetlinkFib n) n.close(mode == StopMode.PLANNED_RESTART || running.get().kernel().keepOnExit());
        transport.close(mode != StopMode.PLANNED_RESTART);
        bridge.close();
        admin.shutdownNow();
        log.info("stopped");
    }
}
