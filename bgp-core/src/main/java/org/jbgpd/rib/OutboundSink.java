package org.jbgpd.rib;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;

/**
 * How the engine talks back to sessions; the session layer implements it (through the daemon).
 * Called on the engine thread: implementations hand the work to the session's event loop and
 * return at once. A call for a peer whose session is gone is dropped.
 */
public interface OutboundSink {

    /** Routes to send to a peer, in order. */
    void send(IpAddress peer, ExportBatch batch);

    /** Our initial table for this family has been sent: send End-of-RIB. */
    void endOfRib(IpAddress peer, Family family);

    /**
     * The peer sent more than its maxPrefixes: send NOTIFICATION Cease / Maximum Number of
     * Prefixes Reached (6/1) with data AFI (2 octets), SAFI (1), limit (4) per RFC 4486, close, and
     * reconnect after the configured interval. The engine has already dropped the peer's routes and
     * ignores its updates until the next {@link RouteEngine#peerUp}.
     */
    void maxPrefixExceeded(IpAddress peer, Family family, long limit);

    /** Nothing to say: for tests and for a daemon without exports. */
    OutboundSink NONE = new OutboundSink() {
        @Override public void send(IpAddress peer, ExportBatch batch) { }
        @Override public void endOfRib(IpAddress peer, Family family) { }
        @Override public void maxPrefixExceeded(IpAddress peer, Family family, long limit) { }
    };
}
