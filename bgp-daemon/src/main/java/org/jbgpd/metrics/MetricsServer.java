package org.jbgpd.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jbgpd.netlink.NetlinkFib;
import org.jbgpd.rib.RouteEngine;
import org.jbgpd.transport.BgpTransport;
import org.jbgpd.wire.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus text at http://metrics.address:port/metrics. The JDK's small HTTP server is enough
 * for one scraper every few seconds; every value is read from snapshots at scrape time.
 *
 * <p>The port is bound at start (a taken port still stops the daemon from starting), but the meter
 * registry and its meters are built at the first scrape, on the metrics thread (ADR 0095): Micrometer,
 * the Prometheus model and the JVM binders are ~560 classes and several MiB that a daemon would
 * otherwise load while its sessions come up. Counters read from snapshots (sessions, RIB, kernel)
 * lose nothing by that; kernel batch latencies are kept from the FIB's first batch by
 * {@link KernelBatches}; the JVM GC meters count from the first scrape on.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

    private final HttpServer http;
    private final ExecutorService thread;
    private final BgpTransport transport;
    private final RouteEngine engine;
    private final NetlinkFib fib;
    private final KernelBatches batches;
    /** Built at the first scrape (or when the kernel batches buffer fills), only on {@link #thread}. */
    private volatile Meters meters;

    private record Meters(PrometheusMeterRegistry registry, PeerMeters peers) {}

    private MetricsServer(HttpServer http, ExecutorService thread, BgpTransport transport, RouteEngine engine, NetlinkFib fib,
            KernelBatches batches) {
        this.http = http;
        this.thread = thread;
        this.transport = transport;
        this.engine = engine;
        this.fib = fib;
        this.batches = batches;
    }

    /**
     * Keeps the FIB's batch latencies from now on, for the kernel meters the first scrape creates; call
     * it as soon as the FIB exists, so that the initial table's batches are counted. Pass the result to
     * {@link #start}.
     */
    public static KernelBatchRecorder recordKernelBatches(NetlinkFib fib) {
        KernelBatchRecorder r = new KernelBatchRecorder(fib);
        fib.onBatchApplied(r.batches);
        return r;
    }

    /** The FIB and its batch latencies, between {@link #recordKernelBatches} and {@link #start}. */
    public static final class KernelBatchRecorder {
        private final NetlinkFib fib;
        private volatile MetricsServer server;
        private final KernelBatches batches = new KernelBatches(() -> {
            MetricsServer s = server;
            if (s != null) s.buildSoon();
        });

        private KernelBatchRecorder(NetlinkFib fib) { this.fib = fib; }
    }

    /**
     * Binds address:port and serves /metrics; the meters are registered at the first scrape.
     *
     * @param kernel from {@link #recordKernelBatches}, or null without a kernel FIB
     */
    public static MetricsServer start(IpAddress address, int port, BgpTransport transport, RouteEngine engine, KernelBatchRecorder kernel)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(address.toInetAddress(), port), 16);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jbgpd-metrics");
            t.setDaemon(true);
            return t;
        });
        MetricsServer server = new MetricsServer(http, thread, transport, engine, kernel == null ? null : kernel.fib,
                kernel == null ? null : kernel.batches);
        http.createContext("/metrics", exchange -> {
            try (exchange) {
                Meters m = server.meters();
                m.peers().refresh();
                byte[] body = m.registry().scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (RuntimeException e) {
                log.warn("metrics scrape failed: {}", e.toString());
            }
        });
        http.setExecutor(thread);
        http.start();
        if (kernel != null) {
            kernel.server = server;
            // The buffer may have filled before the server existed (a large initial table).
            if (kernel.batches.waiting() >= KernelBatches.KEEP) server.buildSoon();
        }
        return server;
    }

    /** The buffer of kernel batch latencies is full: build the meters now, on the metrics thread. */
    private void buildSoon() {
        try {
            thread.execute(this::meters);
        } catch (RejectedExecutionException stopping) {
            // closed meanwhile: nothing to record into
        }
    }

    /** The registry and every meter, built on first use; runs on the metrics thread only. */
    private Meters meters() {
        Meters m = meters;
        if (m != null) return m;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (fib != null) KernelMeters.register(registry, fib, batches);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        PeerMeters peers = new PeerMeters(registry, transport::snapshots, engine::peerCounts);
        Gauge.builder("jbgpd.rib.backlog", engine, RouteEngine::backlog).description("events waiting for the route engine").register(registry);
        for (org.jbgpd.wire.Family f : org.jbgpd.wire.Family.values()) {
            Gauge.builder("jbgpd.rib.routes", engine, e -> e.routeCounts().of(f))
                    .description("Loc-RIB prefixes with a best path").tags("family", f.configName()).register(registry);
        }
        m = new Meters(registry, peers);
        meters = m;
        return m;
    }

    public int port() { return http.getAddress().getPort(); }

    @Override
    public void close() {
        http.stop(0);
        thread.shutdownNow();
        Meters m = meters;
        if (m != null) m.registry().close();
    }
}
