package org.jbgpd.session;

/**
 * A timer the state machine asks the transport to run. Peer timers have {@code connection == NONE}; the others
 * belong to one TCP connection, because during a collision two connections time out independently.
 */
public record Timer(Kind kind, long connection) {

    public static final long NONE = -1;

    public enum Kind {
        /** RFC 4271 ConnectRetryTimer: when to dial again. */
        CONNECT_RETRY,
        /** Back-off delay in Idle before an automatic restart after errors (RFC 4271 §8.1.1 IdleHoldTimer). */
        IDLE_HOLD,
        HOLD,
        KEEPALIVE,
        /** RFC 9687: the peer has not read what we sent for too long. */
        SEND_HOLD
    }

    public static Timer peer(Kind kind) { return new Timer(kind, NONE); }
}
