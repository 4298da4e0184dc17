package org.jbgpd.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jbgpd.session.FsmEvent;
import org.jbgpd.session.NotificationData;
import org.jbgpd.session.SessionListener;
import org.jbgpd.wire.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;

/**
 * The BGP speaker's network side: one listener (dual stack on "::"), the configured peers and the dynamic ones, all
 * on a single epoll event loop thread (ADR 0051). Public methods may be called from any thread; they run on the loop
 * and wait for it.
 */
public final class BgpTransport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BgpTransport.class);

    private final SpeakerParameters speaker;
    private final SessionListener listener;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Map<String, PeerSession> byName = new LinkedHashMap<>();
    private final Map<IpAddress, PeerSession> byAddress = new HashMap<>();
    private final List<NeighborRange> ranges = new ArrayList<>();
    private Channel server;
    private boolean serverIpv6;
    private int listenerMinimumTtl;
    private long nextConnectionId = 1;
    /** Connections a session closed that are still being drained until the peer closes them too (ADR 0105). */
    private final Set<Channel> closing = new HashSet<>();

    private BgpTransport(SpeakerParameters speaker, SessionListener listener, ThreadFactory threads) {
        this.speaker = speaker;
        this.listener = listener;
        this.group = new MultiThreadIoEventLoopGroup(1, threads, EpollIoHandler.newFactory());
        this.loop = group.next();
    }

    /** Starts the event loop and, unless disabled, the listener. */
    public static BgpTransport start(SpeakerParameters speaker, SessionListener listener) throws IOException {
        return start(speaker, listener, new DefaultThreadFactory("bgp-session"));
    }

    /**
     * As {@link #start(SpeakerParameters, SessionListener)} with the loop's thread made by {@code threads}. Every socket
     * is created on that thread, so a factory whose thread enters a network namespace first puts the whole speaker
     * there (what the namespace tests do).
     */
    public static BgpTransport start(SpeakerParameters speaker, SessionListener listener, ThreadFactory threads) throws IOException {
        BgpTransport t = new BgpTransport(speaker, listener, threads);
        try {
            if (speaker.listening()) t.bind();
        } catch (IOException | RuntimeException e) {
            t.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        return t;
    }

    private void bind() throws IOException {
        InetAddress addr = speaker.listenAddress().toInetAddress();
        serverIpv6 = addr instanceof Inet6Address;
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channelFactory(() -> new EpollServerSocketChannel(serverIpv6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        admit(ch);
                    }
                });
        try {
            // The socket is created on the loop thread (see the ThreadFactory variant of start), bound there, awaited here.
            ChannelFuture f = call(() -> b.bind(new InetSocketAddress(addr, speaker.listenPort())));
            f.syncUninterruptibly();
            server = f.channel();
            call(() -> {
                updateListenerKeys();
                return null;
            });
        } catch (Exception e) {
            throw new IOException("cannot listen on " + speaker.listenAddress() + " port " + speaker.listenPort() + ": " + e.getMessage(), e);
        }
        log.info("listening on [{}]:{}", speaker.listenAddress(), localPort());
    }

    /** The port the listener is bound to (useful with port 0), or -1 when not listening. */
    public int localPort() {
        return server == null ? -1 : ((InetSocketAddress) server.localAddress()).getPort();
    }

    public void addPeer(PeerParameters p) {
        call(() -> {
            if (byName.containsKey(p.name())) throw new IllegalArgumentException("peer " + p.name() + " exists already");
            PeerSession old = byAddress.get(p.address());
            if (old != null && !old.dynamic()) throw new IllegalArgumentException("peer " + old.id().name() + " already has address " + p.address());
            if (old != null) removeNow(old, NotificationData.cease(NotificationData.OTHER_CONFIG_CHANGE));
            PeerSession s = new PeerSession(this, p, false);
            byName.put(p.name(), s);
            byAddress.put(p.address(), s);
            updateListenerKeys();
            s.fire(new FsmEvent.Start());
            return null;
        });
    }

    /**
     * Replaces a configured peer's parameters (config reload): its session ends with Cease 6/6 (other configuration
     * change) and starts again with the new ones. A peer that does not exist yet is simply added.
     */
    public void replacePeer(PeerParameters p) {
        call(() -> {
            PeerSession old = byName.get(p.name());
            if (old != null) removeNow(old, NotificationData.cease(NotificationData.OTHER_CONFIG_CHANGE));
            return null;
        });
        addPeer(p);
    }

    /** Removes a neighbor range (its MD5 prefix key too); its dynamic peers end with Cease 6/3. */
    public void removeNeighborRange(String name) {
        call(() -> {
            NeighborRange range = null;
            for (NeighborRange r : ranges) if (r.name().equals(name)) range = r;
            if (range == null) return null;
            ranges.remove(range);
            for (PeerSession s : List.copyOf(byName.values())) {
                if (s.dynamic() && s.id().name().startsWith(name + "/")) removeNow(s, NotificationData.cease(NotificationData.PEER_DECONFIGURED));
            }
            if (server != null && range.template().md5Password() != null) {
                try {
                    SocketOptions.setMd5Prefix(((io.netty.channel.unix.UnixChannel) server).fd().intValue(), serverIpv6, range.range(), null);
                } catch (IOException e) {
                    log.warn("neighbor range {}: cannot remove its TCP MD5 key: {}", name, e.getMessage());
                }
            }
            updateListenerKeys();
            return null;
        });
    }

    /** Removes a peer, telling it with Cease 6/3 (peer de-configured). */
    public void removePeer(String name) {
        call(() -> {
            PeerSession s = byName.get(name);
            if (s != null) removeNow(s, NotificationData.cease(NotificationData.PEER_DECONFIGURED));
            updateListenerKeys();
            return null;
        });
    }

    public void addNeighborRange(NeighborRange range) {
        call(() -> {
            ranges.add(range);
            updateListenerKeys();
            return null;
        });
    }

    /** Administrative shutdown: Cease 6/2 with the RFC 9003 message; the peer stays down until enabled. */
    public boolean shutdownPeer(String name, String message) {
        return call(() -> {
            PeerSession s = byName.get(name);
            if (s == null) return false;
            s.fire(new FsmEvent.Stop(NotificationData.ceaseWithMessage(NotificationData.ADMIN_SHUTDOWN, message),
                    "administratively shut down" + (message == null || message.isEmpty() ? "" : ": " + message), false));
            return true;
        });
    }

    /** Administrative reset: Cease 6/4 with the message, then the session comes back. */
    public boolean resetPeer(String name, String message) {
        return call(() -> {
            PeerSession s = byName.get(name);
            if (s == null) return false;
            s.fire(new FsmEvent.Stop(NotificationData.ceaseWithMessage(NotificationData.ADMIN_RESET, message), "administratively reset", true));
            return true;
        });
    }

    public boolean enablePeer(String name) {
        return call(() -> {
            PeerSession s = byName.get(name);
            if (s == null) return false;
            s.fire(new FsmEvent.Start());
            return true;
        });
    }

    /** Every peer, configured and dynamic, as last published by the loop. */
    public List<PeerSnapshot> snapshots() {
        return call(() -> byName.values().stream().map(PeerSession::snapshot).toList());
    }

    public PeerSnapshot snapshot(String name) {
        return call(() -> {
            PeerSession s = byName.get(name);
            return s == null ? null : s.snapshot();
        });
    }

    /**
     * How long a stopping speaker waits for its closing connections to end, so that the Cease it just sent is read
     * before the loop goes and closes what is left outright (a reset when the peer's bytes are unread).
     */
    private static final long SHUTDOWN_DRAIN_MILLIS = 2000;

    /** Stops every session with Cease 6/2 and the loop. */
    @Override
    public void close() { close(true); }

    /**
     * Stops every session and the loop. {@code notify}: Cease 6/2 first; without it the connections just close (a
     * planned restart: RFC 4724 helpers read a TCP close without NOTIFICATION as a restart and keep our routes).
     */
    public void close(boolean notify) {
        if (group.isShuttingDown()) return; // closed already: a second close is a no-op
        try {
            List<ChannelFuture> ends = call(() -> {
                for (PeerSession s : List.copyOf(byName.values())) {
                    s.fire(notify
                            ? new FsmEvent.Stop(NotificationData.ceaseWithMessage(NotificationData.ADMIN_SHUTDOWN, "jbgpd shutting down"),
                                    "daemon shutting down", false)
                            : new FsmEvent.Stop(null, "daemon restarting (planned, no NOTIFICATION)", false));
                }
                if (server != null) server.close();
                return closing.stream().map(Channel::closeFuture).toList();
            });
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_DRAIN_MILLIS);
            for (ChannelFuture end : ends) {
                end.awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } finally {
            group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
    }

    // ---- loop-side helpers

    SpeakerParameters speaker() { return speaker; }

    SessionListener listener() { return listener; }

    EventLoop loop() { return loop; }

    boolean listenerIsIpv6() { return serverIpv6; }

    long nextConnectionId() { return nextConnectionId++; }

    /** A connection a session closed and now drains: remembered until it is gone, so a stop can wait for it. */
    void closing(Channel ch) {
        closing.add(ch);
        ch.closeFuture().addListener(f -> closing.remove(ch));
    }

    /** A connection to {@code address} that a session closed and that still drains, or null (ADR 0112). */
    Channel closingTo(IpAddress address) {
        for (Channel ch : closing) {
            if (ch.remoteAddress() instanceof InetSocketAddress a && unmap(a.getAddress()).equals(address)) return ch;
        }
        return null;
    }

    /** A connection arrived: attach it to its peer, create a dynamic one, or refuse it without allocating state. */
    private void admit(Channel ch) {
        IpAddress remote = unmap(((InetSocketAddress) ch.remoteAddress()).getAddress());
        PeerSession s = byAddress.get(remote);
        if (s == null) {
            NeighborRange range = rangeFor(remote);
            if (range == null) {
                log.info("refusing connection from {}: not a configured peer", remote);
                ch.close();
                return;
            }
            s = new PeerSession(this, range.peerFor(remote), true);
            log.info("dynamic neighbor {} connected (range {})", remote, range.name());
            byName.put(s.id().name(), s);
            byAddress.put(remote, s);
            s.accepted(ch); // first, so the fresh peer has a connection and is not forgotten as idle on Start
            s.fire(new FsmEvent.Start());
            return;
        }
        s.accepted(ch);
    }

    private NeighborRange rangeFor(IpAddress a) {
        for (NeighborRange r : ranges) if (r.range().contains(a)) return r;
        return null;
    }

    /** A dynamic neighbor whose connection is gone. */
    void forget(PeerSession s) {
        if (byName.get(s.id().name()) != s) return;
        byName.remove(s.id().name());
        byAddress.remove(s.id().address());
        s.dispose();
        log.info("dynamic neighbor {} removed", s.id().address());
    }

    private void removeNow(PeerSession s, NotificationData why) {
        s.fire(new FsmEvent.Stop(why, "peer removed", false));
        s.dispose();
        byName.remove(s.id().name());
        byAddress.remove(s.id().address());
    }

    /**
     * TCP MD5 keys on the listener: per address for configured peers (Netty's option, which uses the v4-mapped form
     * on a dual-stack socket), and per prefix for neighbor ranges (TCP_MD5SIG_EXT).
     */
    private void updateListenerKeys() {
        if (server == null) return;
        Map<InetAddress, byte[]> keys = new HashMap<>();
        for (PeerSession s : byName.values()) {
            if (!s.dynamic() && s.params().md5Password() != null) {
                keys.put(s.params().address().toInetAddress(), s.params().md5Password().getBytes(StandardCharsets.UTF_8));
            }
        }
        server.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
        int fd = ((io.netty.channel.unix.UnixChannel) server).fd().intValue();
        for (NeighborRange r : ranges) {
            if (r.template().md5Password() == null) continue;
            try {
                SocketOptions.setMd5Prefix(fd, serverIpv6, r.range(), r.template().md5Password());
            } catch (IOException e) {
                log.error("neighbor range {}: cannot set its TCP MD5 key: {}", r.name(), e.getMessage());
            }
        }
        applyListenerTtl(fd);
    }

    /**
     * GTSM on the listener (RFC 5082 §3). Replies leave with TTL 255 whenever any peer or range uses GTSM, or the
     * SYN-ACK leaves with 64 and a GTSM peer drops it. The minimum TTL goes on the listening socket itself when every
     * configured peer and range uses GTSM: then the kernel drops a SYN from too far away before any state exists,
     * and accepted sockets inherit it. The listener takes the most permissive value (fewest hops allowed = highest
     * minimum, so the lowest minimum of all); each accepted socket then gets its own peer's value. One peer without
     * GTSM shares the listener, so then only the accepted sockets get a minimum TTL (ADR 0051).
     */
    private void applyListenerTtl(int fd) {
        int lowestMinimum = 256;
        boolean any = false, all = true;
        for (PeerSession s : byName.values()) {
            if (s.dynamic()) continue; // carries its range's settings
            int min = s.params().minimumTtl();
            any |= min > 0;
            all &= min > 0;
            if (min > 0) lowestMinimum = Math.min(lowestMinimum, min);
        }
        for (NeighborRange r : ranges) {
            int min = r.template().minimumTtl();
            any |= min > 0;
            all &= min > 0;
            if (min > 0) lowestMinimum = Math.min(lowestMinimum, min);
        }
        int listenerMinimum = any && all ? lowestMinimum : 0;
        try {
            SocketOptions.setTtl(fd, serverIpv6, any ? 255 : -1); // -1: back to the system default
            SocketOptions.setMinimumTtl(fd, serverIpv6, listenerMinimum);
            if (listenerMinimum != this.listenerMinimumTtl) {
                log.info(listenerMinimum > 0 ? "GTSM on the listener: minimum TTL {}" : "GTSM on the listener off (minimum TTL {})", listenerMinimum);
            }
            this.listenerMinimumTtl = listenerMinimum;
        } catch (IOException e) {
            log.error("cannot set GTSM TTLs on the listener: {}", e.getMessage());
        }
    }

    /** The minimum TTL set on the listening socket, 0 when it accepts any (tests and `show` use it). */
    int listenerMinimumTtl() {
        return call(() -> listenerMinimumTtl);
    }

    /** Netty reports IPv4 peers of a dual-stack socket as ::ffff:a.b.c.d; peers are configured as a.b.c.d. */
    static IpAddress unmap(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            if (mapped) return IpAddress.ofBytes(new byte[] {b[12], b[13], b[14], b[15]});
        }
        return IpAddress.ofBytes(b);
    }

    private <T> T call(Callable<T> task) {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("session loop did not answer in 10 s", e);
        }
    }

    Collection<PeerSession> peers() { return byName.values(); }
}
