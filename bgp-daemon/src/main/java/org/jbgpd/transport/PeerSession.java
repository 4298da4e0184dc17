package org.jbgpd.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.concurrent.ScheduledFuture;
import org.jbgpd.session.Direction;
import org.jbgpd.session.FsmAction;
import org.jbgpd.session.FsmEvent;
import org.jbgpd.session.Negotiated;
import org.jbgpd.session.PeerId;
import org.jbgpd.session.SessionFsm;
import org.jbgpd.session.SessionHandle;
import org.jbgpd.session.SessionListener;
import org.jbgpd.session.SessionState;
import org.jbgpd.session.Timer;
import org.jbgpd.wire.BgpMessage;
import org.jbgpd.wire.CodecOptions;
import org.jbgpd.wire.DecodeResult;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.Keepalive;
import org.jbgpd.wire.RouteRefresh;
import org.jbgpd.wire.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One peer: its state machine, its connections and timers, all on the transport's event loop. Interprets the
 * machine's actions as socket operations and forwards the session's life to the {@link SessionListener}.
 */
final class PeerSession {

    private static final Logger log = LoggerFactory.getLogger(PeerSession.class);
    /** The send buffer level at which the channel turns unwritable, which starts the RFC 9687 send hold timer. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
    /**
     * Socket reads of at most 16 KiB (Netty's default grows them to 64 KiB). With the launcher's heap under 512 MiB
     * Netty's adaptive allocator counts as low on memory and pools no buffer above 16,896 octets: every larger read
     * was a fresh direct buffer (allocated, zeroed, cleaned) per read during a full table (ADR 0101).
     */
    static final RecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(64, 2048, 16 * 1024);
    /** How long a closing connection may take to flush its last messages and see the peer close, before it is reset. */
    private static final long CLOSE_BACKSTOP_MILLIS = 5000;

    private final BgpTransport transport;
    private final PeerParameters params;
    private final PeerId id;
    private final SessionFsm fsm;
    private final EventLoop loop;
    private final SessionListener listener;
    private final boolean dynamic;

    private final Map<Long, Channel> channels = new HashMap<>();
    private final Map<Timer, ScheduledFuture<?>> timers = new HashMap<>();
    private ChannelFuture dial;
    private long dialId = -1;
    private BgpMessage current;
    private Handle handle;
    private volatile PeerSnapshot snapshot;
    /** Counters changed since the snapshot was published (see {@link #received}). */
    private boolean snapshotBehind;

    PeerSession(BgpTransport transport, PeerParameters params, boolean dynamic) {
        this.transport = transport;
        this.params = params;
        this.dynamic = dynamic;
        this.id = new PeerId(params.name(), params.address(), dynamic);
        this.loop = transport.loop();
        this.listener = transport.listener();
        this.fsm = new SessionFsm(params.sessionSettings(transport.speaker()), System::currentTimeMillis, new SplittableRandom());
        publish();
    }

    PeerId id() { return id; }

    PeerParameters params() { return params; }

    boolean dynamic() { return dynamic; }

    PeerSnapshot snapshot() { return snapshot; }

    /** True when a dynamic neighbor has no connection left and can be forgotten. */
    boolean idle() { return channels.isEmpty() && fsm.quiescent(); }

    // ---- events from the transport and the connection handlers (all on the loop)

    void fire(FsmEvent event) {
        handle(event);
        stateMayHaveChanged();
    }

    /**
     * An UPDATE or ROUTE-REFRESH. When the state stays Established (the usual case) only the message counters
     * change, and the snapshot is published once per socket read in {@link #readComplete} instead of per message:
     * a full table is a hundred thousand UPDATEs, and each snapshot costs a few objects and two address strings.
     */
    void received(long connection, BgpMessage message, FsmEvent event) {
        current = message;
        SessionState before = fsm.state();
        handle(event);
        if (fsm.state() == before) {
            snapshotBehind = true;
            return;
        }
        stateMayHaveChanged();
    }

    /** Runs the FSM on one event and carries out its actions. */
    private void handle(FsmEvent event) {
        List<FsmAction> actions = fsm.handle(event);
        for (int i = 0; i < actions.size(); i++) perform(actions.get(i)); // indexed: no iterator per UPDATE under C1
        current = null;
    }

    /** Publishes the snapshot, and lets a dynamic neighbor that went idle be forgotten. */
    private void stateMayHaveChanged() {
        publish();
        if (dynamic && idle()) transport.forget(this);
    }

    /** The end of one socket read: the snapshot catches up, and the listener may hand on what it gathered. */
    void readComplete() {
        if (snapshotBehind) publish();
        if (handle != null) listener.readComplete(id);
    }

    void decodeFailed(long connection, DecodeResult.SessionError error) {
        log.warn("peer {}: {}", id, error.reason());
        fire(new FsmEvent.DecodeFailed(connection, WireMapping.toData(error.notification())));
    }

    /** An accepted connection from this peer's address. */
    void accepted(Channel ch) {
        long cid = transport.nextConnectionId();
        channels.put(cid, ch);
        configureSocket(ch, transport.listenerIsIpv6());
        ch.config().setWriteBufferWaterMark(WATER_MARK);
        ch.config().setRecvByteBufAllocator(READS);
        ch.pipeline().addLast(new FrameDecoder(), new MessageWriter(), new ConnectionHandler(this, cid, Direction.INBOUND));
    }

    void connectionActive(long cid, Direction direction, Channel ch) {
        if (direction == Direction.OUTBOUND) {
            if (cid != dialId) { // a dial we cancelled
                ch.close();
                return;
            }
            dial = null;
            dialId = -1;
            channels.put(cid, ch);
        }
        fire(new FsmEvent.Connected(cid, direction));
    }

    // ---- actions

    private void perform(FsmAction action) {
        if (action instanceof FsmAction.Deliver) { // every UPDATE: a plain type test, not a type switch (ADR 0101)
            deliver();
            return;
        }
        switch (action) {
            case FsmAction.Dial d -> dial();
            case FsmAction.CancelDial c -> cancelDial();
            case FsmAction.SendOpen s -> write(s.connection(), WireMapping.toOpen(s.open()));
            case FsmAction.SendKeepalive k -> write(k.connection(), new Keepalive());
            case FsmAction.SendNotification n -> write(n.connection(), WireMapping.toNotification(n.notification()));
            case FsmAction.Close c -> close(c.connection());
            case FsmAction.StartTimer t -> startTimer(t.timer(), t.delayMillis());
            case FsmAction.CancelTimer t -> cancelTimer(t.timer());
            case FsmAction.ConfigureCodec c -> configureCodec(c.connection(), c.negotiated());
            case FsmAction.SessionUp u -> up(u.connection(), u.negotiated());
            case FsmAction.SessionDown d -> {
                if (handle != null) handle.open = false;
                handle = null;
                listener.down(id, d.reason(), d.graceful(), d.restartTimeSeconds());
            }
            case FsmAction.Deliver d -> deliver();
        }
    }

    /**
     * Dials the peer, but not while a connection of ours to its address is still closing (ADR 0112). Our NOTIFICATION
     * and FIN are on their way there, and a peer with graceful restart (BIRD, FRR) that gets a new connection while it
     * still counts the old session as Established takes it for our restart: it drops the old connection unread,
     * NOTIFICATION and all, and keeps our routes as stale. The wait ends when the peer closes too, or at the close
     * backstop ({@link #CLOSE_BACKSTOP_MILLIS}); the connect retry timer meanwhile only starts the same wait again.
     */
    private void dial() {
        cancelDial();
        long cid = transport.nextConnectionId();
        dialId = cid;
        connectOnceClosed(cid);
    }

    private void connectOnceClosed(long cid) {
        if (dialId != cid) return; // cancelled, or replaced by a newer dial, while it waited
        Channel closing = transport.closingTo(params.address());
        if (closing != null) {
            log.debug("peer {}: dialling once our last connection to it has closed", id);
            closing.closeFuture().addListener(f -> connectOnceClosed(cid));
            return;
        }
        connect(cid);
    }

    private void connect(long cid) {
        boolean v4 = params.address().isV4();
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channelFactory(() -> new EpollSocketChannel(v4 ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, params.connectRetryTime() * 1000)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.RCVBUF_ALLOCATOR, READS)
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        configureSocket(ch, !v4);
                        ch.pipeline().addLast(new FrameDecoder(), new MessageWriter(), new ConnectionHandler(PeerSession.this, cid, Direction.OUTBOUND));
                    }
                });
        if (params.md5Password() != null) {
            b.option(EpollChannelOption.TCP_MD5SIG, Map.of(params.address().toInetAddress(), params.md5Password().getBytes(StandardCharsets.UTF_8)));
        }
        InetSocketAddress remote = new InetSocketAddress(params.address().toInetAddress(), params.port());
        ChannelFuture f = params.sourceAddress() == null
                ? b.connect(remote)
                : b.connect(remote, new InetSocketAddress(params.sourceAddress().toInetAddress(), 0));
        dial = f;
        f.addListener((ChannelFutureListener) done -> {
            if (done.isSuccess() || dial != done) return;
            dial = null;
            dialId = -1;
            fire(new FsmEvent.ConnectFailed(String.valueOf(done.cause() == null ? "cancelled" : done.cause().getMessage())));
        });
    }

    private void cancelDial() {
        ChannelFuture f = dial;
        dial = null;
        dialId = -1;
        if (f != null) f.channel().close();
    }

    /** TTL for GTSM or single-hop eBGP, and GTSM's minimum TTL, on a socket before it sends anything. */
    private void configureSocket(Channel ch, boolean ipv6Socket) {
        int fd = ((io.netty.channel.unix.UnixChannel) ch).fd().intValue();
        try {
            int ttl = params.outgoingTtl(transport.speaker().localAs());
            if (ttl > 0) SocketOptions.setTtl(fd, ipv6Socket, ttl);
            if (params.minimumTtl() > 0) SocketOptions.setMinimumTtl(fd, ipv6Socket, params.minimumTtl());
        } catch (IOException e) {
            log.warn("peer {}: {}", id, e.getMessage());
        }
    }

    private void write(long cid, BgpMessage m) {
        Channel ch = channels.get(cid);
        if (ch != null) ch.writeAndFlush(m, ch.voidPromise());
    }

    /**
     * Ends a connection so that what we sent last (a NOTIFICATION) reaches the peer (ADR 0105): flush, then half-close
     * (our FIN follows the NOTIFICATION), then read and drop whatever the peer still sends until it closes too. A full
     * close while the peer's bytes sit unread, or before the peer's next segment arrives, makes Linux send a reset,
     * and a peer that writes before it reads again (BIRD 1.6) drops the connection on that reset without reading our
     * NOTIFICATION. Nothing here blocks the loop: the flush and the peer's FIN are events. A peer that never closes
     * would hold the drain, and one that stopped reading (RFC 9687's case) the flush, so a connection still open after
     * {@link #CLOSE_BACKSTOP_MILLIS} is closed; if the flush never finished it is reset (SO_LINGER 0 drops our unsent
     * bytes instead of keeping them, orphaned, for a peer with a zero window).
     */
    private void close(long cid) {
        Channel ch = channels.remove(cid);
        if (ch == null) return;
        ConnectionHandler handler = ch.pipeline().get(ConnectionHandler.class);
        if (handler != null) handler.drain();
        FrameDecoder decoder = ch.pipeline().get(FrameDecoder.class);
        if (decoder != null) decoder.discardFromNowOn();
        ch.config().setAutoRead(true); // reading may be paused (ADR 0087): the peer's bytes must still be taken
        transport.closing(ch);
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) flushed -> {
            // The peer's FIN then closes the channel (half-closure is not allowed on our channels).
            if (flushed.isSuccess() && ch instanceof DuplexChannel duplex && ch.isActive()) {
                duplex.shutdownOutput().addListener((ChannelFutureListener) shut -> {
                    if (!shut.isSuccess()) ch.close();
                });
            } else {
                ch.close();
            }
        });
        loop.schedule(() -> {
            if (!ch.isOpen()) return;
            // Our FIN is out and only the peer's is missing: a plain close leaves the kernel to finish (no reset while
            // nothing is unread). The flush itself still stuck: reset, our unsent bytes cannot go anywhere.
            if (ch instanceof DuplexChannel duplex && duplex.isOutputShutdown()) ch.close();
            else abort(ch);
        }, CLOSE_BACKSTOP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void abort(Channel ch) {
        try {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException e) {
            // already closed underneath us: nothing to reset
        }
        ch.close();
    }

    private void startTimer(Timer t, long delayMillis) {
        cancelTimer(t);
        timers.put(t, loop.schedule(() -> {
            timers.remove(t);
            fire(new FsmEvent.TimerFired(t));
        }, delayMillis, TimeUnit.MILLISECONDS));
    }

    private void cancelTimer(Timer t) {
        ScheduledFuture<?> f = timers.remove(t);
        if (f != null) f.cancel(false);
    }

    private void configureCodec(long cid, Negotiated n) {
        Channel ch = channels.get(cid);
        if (ch == null) return;
        ch.pipeline().get(FrameDecoder.class).options(new CodecOptions(n.fourOctetAs(), n.extendedMessage(), n.addPathReceive()));
        ch.pipeline().get(MessageWriter.class).options(new CodecOptions(n.fourOctetAs(), n.extendedMessage(), n.addPathSend()));
    }

    private void up(long cid, Negotiated n) {
        Channel ch = channels.get(cid);
        IpAddress local = ch == null ? null : BgpTransport.unmap(((InetSocketAddress) ch.localAddress()).getAddress());
        handle = new Handle(cid, n, local, linkIndexOf(local));
        listener.established(id, n, handle);
    }

    /** The interface that holds our end of the connection (asked once per session), 0 if none does (loopback sessions too). */
    private static int linkIndexOf(IpAddress local) {
        if (local == null) return 0;
        try {
            java.net.NetworkInterface nif = java.net.NetworkInterface.getByInetAddress(local.toInetAddress());
            return nif == null || nif.isLoopback() ? 0 : Math.max(0, nif.getIndex());
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private void deliver() {
        if (current instanceof Update u && u.endOfRib() == null) { // the usual case, without a type switch (ADR 0101)
            listener.updateReceived(id, u);
            return;
        }
        switch (current) {
            case Update u when u.endOfRib() != null -> listener.endOfRib(id, u.endOfRib());
            case Update u -> listener.updateReceived(id, u);
            case RouteRefresh r -> listener.routeRefreshReceived(id, r);
            case null, default -> { }
        }
    }

    /** Stops everything without telling the peer more than {@code stop} already did: used when a peer is removed. */
    void dispose() {
        cancelDial();
        for (ScheduledFuture<?> f : timers.values()) f.cancel(false);
        timers.clear();
        for (Channel ch : List.copyOf(channels.values())) ch.close();
        channels.clear();
    }

    private void publish() {
        snapshotBehind = false;
        Channel est = channels.get(fsm.establishedConnection());
        snapshot = new PeerSnapshot(id, params.asNumber(), fsm.snapshot(), est == null ? null : endpoint(est.localAddress()),
                est == null ? null : endpoint(est.remoteAddress()));
    }

    /** "192.0.2.1:179" or "[2001:db8::1]:179", IPv4 never in its v4-mapped form. */
    private static String endpoint(java.net.SocketAddress a) {
        if (!(a instanceof InetSocketAddress isa)) return String.valueOf(a);
        IpAddress ip = BgpTransport.unmap(isa.getAddress());
        return (ip.isV4() ? ip.toString() : "[" + ip + "]") + ":" + isa.getPort();
    }

    /** The outbound handle of one Established session. */
    private final class Handle implements SessionHandle {
        private final long connection;
        private final Negotiated negotiated;
        private final IpAddress localAddress;
        private final int linkIndex;
        private volatile boolean open = true;

        Handle(long connection, Negotiated negotiated, IpAddress localAddress, int linkIndex) {
            this.connection = connection;
            this.negotiated = negotiated;
            this.localAddress = localAddress;
            this.linkIndex = linkIndex;
        }

        @Override public IpAddress localAddress() { return localAddress; }

        @Override public int linkIndex() { return linkIndex; }

        @Override public PeerId peer() { return id; }

        @Override public Negotiated negotiated() { return negotiated; }

        @Override public boolean isOpen() { return open; }

        @Override
        public boolean send(List<Update> updates) {
            if (!open) return false;
            loop.execute(() -> {
                Channel ch = open ? channels.get(connection) : null;
                if (ch == null) return;
                for (Update u : updates) ch.write(u, ch.voidPromise());
                ch.flush();
                fsm.countSentUpdates(updates.size());
            });
            return true;
        }

        @Override
        public boolean sendEndOfRib(Family family) {
            return send(List.of(Update.endOfRibMarker(family)));
        }

        @Override
        public boolean requestRouteRefresh(Family family) {
            if (!open) return false;
            loop.execute(() -> {
                Channel ch = open ? channels.get(connection) : null;
                if (ch != null) ch.writeAndFlush(RouteRefresh.request(family), ch.voidPromise());
            });
            return true;
        }

        @Override
        public void maxPrefixesExceeded(Family family, long limit) {
            if (!open) return;
            loop.execute(() -> {
                if (open && fsm.establishedConnection() == connection) {
                    fire(new FsmEvent.Abort(org.jbgpd.session.NotificationData.maxPrefixes(family, limit),
                            "more than " + limit + " " + family.configName() + " prefixes"));
                }
            });
        }

        @Override
        public void setReading(boolean reading) {
            loop.execute(() -> {
                Channel ch = channels.get(connection);
                if (ch == null) return;
                ch.config().setAutoRead(reading);
                // The peer's KEEPALIVEs now wait unread: the FSM holds the hold timer while we pause (ADR 0087).
                fire(new FsmEvent.ReadingPaused(connection, !reading));
            });
        }
    }
}
