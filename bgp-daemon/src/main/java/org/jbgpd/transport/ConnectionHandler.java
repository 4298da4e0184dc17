package org.jbgpd.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.jbgpd.session.Direction;
import org.jbgpd.session.FsmEvent;
import org.jbgpd.wire.DecodeResult;
import org.jbgpd.wire.Keepalive;
import org.jbgpd.wire.Notification;
import org.jbgpd.wire.Open;
import org.jbgpd.wire.RouteRefresh;
import org.jbgpd.wire.Update;

/** Turns one TCP connection's life (active, messages, writability, close) into events for its peer's state machine. */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private final PeerSession session;
    private final long id;
    private final Direction direction;
    /** Events are immutable records: one per connection serves every UPDATE (no allocation per message). */
    private final FsmEvent.UpdateReceived updateReceived;
    /**
     * The state machine closed this connection: it is half-closed and drained until the peer closes too (ADR 0105),
     * and no message of it reaches the session any more.
     */
    private boolean draining;

    ConnectionHandler(PeerSession session, long id, Direction direction) {
        this.session = session;
        this.id = id;
        this.direction = direction;
        this.updateReceived = new FsmEvent.UpdateReceived(id);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session.connectionActive(id, direction, ctx.channel());
        ctx.fireChannelActive();
    }

    /** The session is done with this connection: drop what still arrives on it. */
    void drain() {
        draining = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (draining) return; // decode results hold no buffers: nothing to release
        // An UPDATE first, with plain type tests: a pattern switch is an invokedynamic type switch, a chain of
        // method-handle calls per message under C1 (ADR 0101), and a full table is a million UPDATEs.
        if (msg instanceof DecodeResult.Ok ok && ok.message() instanceof Update u) {
            session.received(id, u, updateReceived);
            return;
        }
        switch ((DecodeResult) msg) {
            case DecodeResult.SessionError e -> session.decodeFailed(id, e);
            case DecodeResult.Ok ok -> {
                switch (ok.message()) {
                    case Open o -> session.fire(new FsmEvent.OpenReceived(id, WireMapping.toFields(o)));
                    case Keepalive k -> session.fire(new FsmEvent.KeepaliveReceived(id));
                    case Update u -> session.received(id, u, updateReceived);
                    case RouteRefresh r -> session.received(id, r, new FsmEvent.RouteRefreshReceived(id));
                    case Notification n -> session.fire(new FsmEvent.NotificationReceived(id, WireMapping.toData(n)));
                }
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!draining) session.readComplete();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!draining) session.fire(new FsmEvent.WritabilityChanged(id, ctx.channel().isWritable()));
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Also after a drain: the machine ignores a connection it closed, and the event lets an idle dynamic peer go.
        session.fire(new FsmEvent.Closed(id, "connection closed by peer"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.fire(new FsmEvent.Closed(id, "connection error: " + cause.getMessage()));
        ctx.close();
    }
}
