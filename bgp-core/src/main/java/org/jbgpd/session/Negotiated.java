package org.jbgpd.session;

import org.jbgpd.wire.Family;

import java.util.Set;

/**
 * What a session agreed on once both OPENs were exchanged: the result the daemon and the codec act on.
 *
 * @param families             both sides' families intersected; routes of other families are not exchanged
 * @param addPathReceive       families where the peer may send us several paths per prefix (we asked to receive, it can send)
 * @param addPathSend          families where we may send several paths (it asked to receive, we can send); jbgpd sends one
 * @param peerGracefulRestart  the peer's GR capability when both sides advertised GR, else null
 * @param holdTimeSeconds      min of both hold times; 0 means no keepalives and no hold timer
 */
public record Negotiated(
        long peerAs,
        int peerBgpIdentifier,
        Set<Family> families,
        boolean fourOctetAs,
        boolean routeRefresh,
        boolean enhancedRouteRefresh,
        Set<Family> addPathReceive,
        Set<Family> addPathSend,
        GracefulRestartInfo peerGracefulRestart,
        boolean extendedMessage,
        int holdTimeSeconds,
        int keepaliveTimeSeconds) {

    public Negotiated {
        families = Set.copyOf(families);
        addPathReceive = Set.copyOf(addPathReceive);
        addPathSend = Set.copyOf(addPathSend);
    }

    public boolean gracefulRestart() { return peerGracefulRestart != null; }

    /**
     * RFC 8538: both sides set the N bit (jbgpd always does when it advertises graceful restart, and
     * {@link #peerGracefulRestart} is only set when it did), so a NOTIFICATION other than Hard Reset, sent or
     * received, ends the session gracefully like a lost connection.
     */
    public boolean gracefulNotification() { return peerGracefulRestart != null && peerGracefulRestart.notification(); }
}
