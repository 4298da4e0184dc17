package org.jbgpd.session;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.RouteRefresh;
import org.jbgpd.wire.Update;

/**
 * What sessions tell the daemon (which bridges it to the route engine). Every call comes from the session thread,
 * in order per peer, and must not block: enqueue and return. For one peer the calls are always
 * {@code established, (updateReceived | endOfRib | routeRefreshReceived)*, down}.
 */
public interface SessionListener {

    /** The session is Established; {@code handle} sends to the peer until {@link #down} (after which it refuses). */
    void established(PeerId peer, Negotiated negotiated, SessionHandle handle);

    /**
     * One decoded UPDATE. The codec has applied RFC 7606 already: read its withdrawn and announced batches
     * ({@link Update#withdrawnBatch(int)}, {@link Update#announcedBatch(int)}, or the lists off hot paths).
     * End-of-RIB markers come through {@link #endOfRib} instead.
     */
    void updateReceived(PeerId peer, Update update);

    /**
     * The session thread finished one read of the peer's socket: the UPDATEs of that read have all been passed to
     * {@link #updateReceived}. A listener that gathers UPDATEs to hand them on in bulk hands them on now at the latest.
     */
    default void readComplete(PeerId peer) { }

    /** The peer finished sending its initial table for {@code family} (RFC 4724 §2): stale routes of it may go. */
    void endOfRib(PeerId peer, Family family);

    /**
     * The peer asks us to re-send a family (subtype 0), or frames its own re-send with BoRR/EoRR (RFC 7313).
     * {@link RouteRefresh#family()} is null for families jbgpd does not route; ignore those.
     */
    void routeRefreshReceived(PeerId peer, RouteRefresh refresh);

    /**
     * The Established session ended. With {@code graceful} keep the peer's routes, marked stale, for
     * {@code restartTimeSeconds} (RFC 4724); otherwise withdraw them now.
     */
    void down(PeerId peer, DownReason reason, boolean graceful, int restartTimeSeconds);
}
