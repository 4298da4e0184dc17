package org.jbgpd.session;

/** Everything that can happen to a peer's state machine. Connection ids are chosen by the transport. */
public sealed interface FsmEvent {

    /** Administrative (or automatic, at daemon start) start: RFC events 1/3/4/5. */
    record Start() implements FsmEvent {}

    /**
     * Administrative stop (RFC event 2): send {@code notification} on every connection and close them. With
     * {@code restart} the peer comes back after its connect-retry time (an admin reset, 6/4); without it stays down.
     */
    record Stop(NotificationData notification, String text, boolean restart) implements FsmEvent {}

    /**
     * A local error ends the Established session (e.g. maximum prefixes, Cease 6/1): send {@code notification}, close,
     * and come back after the error back-off, which grows if the peer repeats it.
     */
    record Abort(NotificationData notification, String text) implements FsmEvent {}

    /** A TCP connection to this peer is up: our dial succeeded, or the listener accepted one from its address. */
    record Connected(long connection, Direction direction) implements FsmEvent {}

    /** Our dial failed or timed out. */
    record ConnectFailed(String why) implements FsmEvent {}

    /** The TCP connection closed or failed underneath us. */
    record Closed(long connection, String why) implements FsmEvent {}

    record OpenReceived(long connection, OpenFields open) implements FsmEvent {}

    record KeepaliveReceived(long connection) implements FsmEvent {}

    /** An UPDATE arrived (already decoded; RFC 7606 treat-as-withdraw applied by the codec). */
    record UpdateReceived(long connection) implements FsmEvent {}

    record RouteRefreshReceived(long connection) implements FsmEvent {}

    record NotificationReceived(long connection, NotificationData notification) implements FsmEvent {}

    /** The codec rejected a message; {@code toSend} is the NOTIFICATION the RFC asks for. */
    record DecodeFailed(long connection, NotificationData toSend) implements FsmEvent {}

    record TimerFired(Timer timer) implements FsmEvent {}

    /** The socket's send buffer filled up (false) or drained (true): drives the RFC 9687 send hold timer. */
    record WritabilityChanged(long connection, boolean writable) implements FsmEvent {}

    /**
     * We stopped (true) or resumed (false) reading this connection's socket on purpose (back-pressure from the route
     * engine). The peer's KEEPALIVEs then wait unread in the socket, so the hold timer must not count our own pause
     * against the peer: it is suspended while paused and restarts with the full hold time on resume.
     */
    record ReadingPaused(long connection, boolean paused) implements FsmEvent {}
}
