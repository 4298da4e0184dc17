package org.jbgpd.metrics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jbgpd.netlink.NetlinkFib;
import org.jbgpd.rib.RouteEngine;
import org.jbgpd.transport.BgpTransport;
import org.jbgpd.wire.IpAddress;

/**
 * Prometheus text at http://metrics.address:port/metrics, served by Netty (already loaded for the
 * sessions and the control socket) on one event-loop thread; every value is read from snapshots at
 * scrape time. The JDK's HttpServer served it before ADR 0110: its classes and dispatcher thread were
 * there from the start, and every answer's Date header loaded java.time and the CLDR locale data.
 *
 * <p>The port is bound at start (a taken port still stops the daemon from starting), but the meter
 * registry and its meters are built at the first scrape, on the metrics thread (ADR 0095): Micrometer,
 * the Prometheus model and the JVM binders are ~560 classes and several MiB that a daemon would
 * otherwise load while its sessions come up. Counters read from snapshots (sessions, RIB, kernel)
 * lose nothing by that; kernel batch latencies are kept from the FIB's first batch by
 * {@link KernelBatches}; the JVM GC meters count from the first scrape on.
 */
public final class MetricsServer implements AutoCloseable {

    private final EventLoopGroup thread;
    private final Channel channel;
    private final BgpTransport transport;
    private final RouteEngine engine;
    private final NetlinkFib fib;
    private final KernelBatches batches;
    /** Built at the first scrape (or when the kernel batches buffer fills), only on {@link #thread}. */
    private volatile Meters meters;
    /** Set after the first answer; read by the daemon's warm-up check from another thread. */
    private volatile boolean answered;

    private record Meters(PrometheusTextRegistry registry, DaemonMeters daemon) {}

    private MetricsServer(EventLoopGroup thread, Channel channel, BgpTransport transport, RouteEngine engine, NetlinkFib fib,
            KernelBatches batches) {
        this.thread = thread;
        this.channel = channel;
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
        EventLoopGroup thread = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "jbgpd-metrics");
            t.setDaemon(true);
            return t;
        }, EpollIoHandler.newFactory());
        MetricsServer[] server = new MetricsServer[1]; // the handlers need the server, the server needs the bound channel
        InetSocketAddress bindTo = new InetSocketAddress(address.toInetAddress(), port);
        SocketProtocolFamily family = address.isV4() ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        Channel channel;
        try {
            channel = new ServerBootstrap()
                    .group(thread)
                    .channelFactory(() -> new EpollServerSocketChannel(family))
                    // Accept nothing until server[0] is set below: a scrape that came in between would find no server.
                    .option(ChannelOption.AUTO_READ, false)
                    .childHandler(new ChannelInitializer<EpollSocketChannel>() {
                        @Override
                        protected void initChannel(EpollSocketChannel c) {
                            MetricsHttpHandler.install(c.pipeline(), out -> server[0].scrape(out));
                        }
                    })
                    .bind(bindTo).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the bind's IOException undeclared
            thread.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot serve metrics on " + bindTo + ": " + e.getMessage(), e);
        }
        MetricsServer s = new MetricsServer(thread, channel, transport, engine, kernel == null ? null : kernel.fib,
                kernel == null ? null : kernel.batches);
        server[0] = s;
        channel.config().setAutoRead(true); // runs on the metrics thread, after the write above
        if (kernel != null) {
            kernel.server = s;
            // The buffer may have filled before the server existed (a large initial table).
            if (kernel.batches.waiting() >= KernelBatches.KEEP) s.buildSoon();
        }
        return s;
    }

    /** The Prometheus text, written into the answer's buffer by jbgpd's own writer (ADR 0120). */
    private void scrape(OutputStream out) throws IOException {
        Meters m = meters();
        m.daemon().refresh();
        m.registry().scrape(out);
        answered = true;
    }

    /** Whether /metrics has been written at least once (the daemon's warm-up for the AOT cache, ADR 0125). */
    public boolean answered() { return answered; }

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
        PrometheusTextRegistry registry = new PrometheusTextRegistry();
        DaemonMeters daemon = new DaemonMeters(transport::snapshots, engine::peerCounts, engine::backlog, engine::routeCounts,
                fib == null ? null : fib::stats, batches).register(registry);
        m = new Meters(registry, daemon);
        meters = m;
        return m;
    }

    public int port() { return ((InetSocketAddress) channel.localAddress()).getPort(); }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        thread.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        Meters m = meters;
        if (m != null) m.registry().close();
    }
}
