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
import java.util.concurrent.Executors;
import org.jbgpd.netlink.NetlinkFib;
import org.jbgpd.rib.RouteEngine;
import org.jbgpd.transport.BgpTransport;
import org.jbgpd.wire.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus text at http://metrics.address:port/metrics. The JDK's small HTTP server is enough
 * for one scraper every few seconds; every value is read from snapshots at scrape time.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

    private final HttpServer http;
    private final PrometheusMeterRegistry registry;

    private MetricsServer(HttpServer http, PrometheusMeterRegistry registry) {
        this.http = http;
        this.registry = registry;
    }

    /** The registry the daemon creates first, so that meters fed from the start (kernel batches) miss nothing. */
    public static PrometheusMeterRegistry newRegistry() { return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT); }

    /** Kernel meters, bound as soon as the FIB exists: its first batches (the initial table) are in the histogram. */
    public static void bindKernel(PrometheusMeterRegistry registry, NetlinkFib fib) { KernelMeters.register(registry, fib); }

    /** Registers the session, RIB and JVM meters and serves them all; the kernel ones come from {@link #bindKernel}. */
    public static MetricsServer start(PrometheusMeterRegistry registry, IpAddress address, int port, BgpTransport transport, RouteEngine engine)
            throws IOException {
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
        HttpServer http = HttpServer.create(new InetSocketAddress(address.toInetAddress(), port), 16);
        http.createContext("/metrics", exchange -> {
            try (exchange) {
                peers.refresh();
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (RuntimeException e) {
                log.warn("metrics scrape failed: {}", e.toString());
            }
        });
        http.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jbgpd-metrics");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return new MetricsServer(http, registry);
    }

    public int port() { return http.getAddress().getPort(); }

    @Override
    public void close() {
        http.stop(0);
        registry.close();
    }
}
