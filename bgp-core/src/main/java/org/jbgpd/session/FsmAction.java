package org.jbgpd.session;

/** What the state machine asks its transport to do, in order. */
public sealed interface FsmAction {

    /** Open a TCP connection to the peer; answer with Connected(OUTBOUND) or ConnectFailed. At most one is pending. */
    record Dial() implements FsmAction {}

    /** Abandon the pending dial; a late success must be closed, not reported. */
    record CancelDial() implements FsmAction {}

    record SendOpen(long connection, OpenFields open) implements FsmAction {}

    record SendKeepalive(long connection) implements FsmAction {}

    record SendNotification(long connection, NotificationData notification) implements FsmAction {}

    /** Close the connection after flushing what was queued (a NOTIFICATION must reach the peer). */
    record Close(long connection) implements FsmAction {}

    record StartTimer(Timer timer, long delayMillis) implements FsmAction {}

    record CancelTimer(Timer timer) implements FsmAction {}

    /**
     * Both OPENs are exchanged on this connection: set the codec to the negotiated 4-octet AS and ADD-PATH before the
     * next message is decoded.
     */
    record ConfigureCodec(long connection, Negotiated negotiated) implements FsmAction {}

    /** The session is Established on this connection. */
    record SessionUp(long connection, Negotiated negotiated) implements FsmAction {}

    /**
     * The Established session ended. With {@code graceful} the peer's routes are kept as stale for its restart
     * time (RFC 4724), otherwise they are withdrawn now.
     */
    record SessionDown(DownReason reason, boolean graceful, int restartTimeSeconds) implements FsmAction {}

    /** Hand the message just received on this connection (UPDATE, ROUTE-REFRESH) to the session listener. */
    record Deliver(long connection) implements FsmAction {}
}
