package org.jbgpd.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jbgpd.netlink.NetlinkFib.Stats;
import org.jbgpd.rib.PeerCounts;
import org.jbgpd.rib.RouteCounts;
import org.jbgpd.transport.PeerSnapshot;
import org.jbgpd.wire.Family;

/**
 * Every meter /metrics has, with the sources they read at scrape time, in one place, so that a test
 * can bind the daemon's real set to micrometer-registry-prometheus and compare the texts (ADR 0120).
 * Micrometer holds a function meter's object weakly: this object is that object for the RIB gauges,
 * and keeps the peer, kernel and JVM meters' objects; keep it as long as the registry.
 */
final class DaemonMeters {

    private final Supplier<List<PeerSnapshot>> sessions;
    private final Supplier<List<PeerCounts>> counts;
    private final IntSupplier backlog;
    private final Supplier<RouteCounts> routes;
    private final KernelMeters kernel;
    private final KernelBatches batches;
    private PeerMeters peers;
    private JvmMeters jvm;
    private GcMeters gc;

    /** @param kernel the FIB's statistics, null without a kernel FIB (then batches is ignored) */
    DaemonMeters(Supplier<List<PeerSnapshot>> sessions, Supplier<List<PeerCounts>> counts, IntSupplier backlog, Supplier<RouteCounts> routes,
            Supplier<Stats> kernel, KernelBatches batches) {
        this.sessions = sessions;
        this.counts = counts;
        this.backlog = backlog;
        this.routes = routes;
        this.kernel = kernel == null ? null : new KernelMeters(kernel);
        this.batches = batches;
    }

    /** Registers every meter; call once. */
    DaemonMeters register(MeterRegistry registry) {
        registerOwn(registry);
        gc = new GcMeters(); // jvm_gc_* polled from the MXBeans, not from GC notifications (ADR 0130)
        gc.register(registry);
        jvm = new JvmMeters();
        jvm.register(registry);
        return this;
    }

    /** Only the jbgpd_* series (the test registers Micrometer's JVM binders next to them for comparison). */
    DaemonMeters registerOwn(MeterRegistry registry) {
        if (kernel != null) kernel.register(registry, batches);
        peers = new PeerMeters(registry, sessions, counts);
        Gauge.builder("jbgpd.rib.backlog", this, m -> m.backlog.getAsInt()).description("events waiting for the route engine").register(registry);
        for (Family f : Family.values()) {
            Gauge.builder("jbgpd.rib.routes", this, m -> m.routes.get().of(f))
                    .description("Loc-RIB prefixes with a best path").tags("family", f.configName()).register(registry);
        }
        return this;
    }

    /** The per-peer series follow the latest snapshots, the GC meters the collectors' counts: call before each scrape. */
    void refresh() {
        peers.refresh();
        if (gc != null) gc.refresh();
    }
}
