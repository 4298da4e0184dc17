package org.jbgpd.session;

/**
 * An immutable view of one peer for the CLI and metrics, published by the thread that owns the session.
 *
 * @param stateSinceMillis when the state last changed (uptime when Established)
 * @param negotiated       the Established session's agreement, or null when not Established
 * @param lastError        the last reason a connection ended, or null
 * @param notifications    NOTIFICATIONs sent and received since the peer was created, on any connection and in any
 *                         state, one entry per direction, code and subcode (a Hard Reset counts as 6/9)
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
        int establishedTransitions,
        java.util.List<NotificationCount> notifications) {

    public SessionSnapshot {
        notifications = notifications == null ? java.util.List.of() : java.util.List.copyOf(notifications);
    }

    /** Without notification counts (tests of code that does not read them). */
    public SessionSnapshot(String name, SessionState state, long stateSinceMillis, boolean enabled, Negotiated negotiated,
                           DownReason lastError, MessageCounts received, MessageCounts sent, int establishedTransitions) {
        this(name, state, stateSinceMillis, enabled, negotiated, lastError, received, sent, establishedTransitions, java.util.List.of());
    }

    /** How many NOTIFICATIONs with this code and subcode went one way ({@code sent} by us, or received). */
    public record NotificationCount(boolean sent, int code, int subcode, long count) {}

    /** Messages by type. */
    public record MessageCounts(long open, long update, long notification, long keepalive, long routeRefresh) {
        public long total() { return open + update + notification + keepalive + routeRefresh; }
    }
}
