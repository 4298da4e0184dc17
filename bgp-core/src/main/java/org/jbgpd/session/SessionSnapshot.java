package org.jbgpd.session;

/**
 * An immutable view of one peer for the CLI and metrics, published by the thread that owns the session.
 *
 * @param stateSinceMillis when the state last changed (uptime when Established)
 * @param negotiated       the Established session's agreement, or null when not Established
 * @param lastError        the last reason a connection ended, or null
 */
public record SessionSnapshot(
        String name,
        SessionState state,
        long stateSinceMillis,
        boolean enabled,
        Negotiated negotiated,
        DownReason lastError,
        MessageCounts received,
        MessageCounts sent,
        int establishedTransitions) {

    /** Messages by type. */
    public record MessageCounts(long open, long update, long notification, long keepalive, long routeRefresh) {
        public long total() { return open + update + notification + keepalive + routeRefresh; }
    }
}
