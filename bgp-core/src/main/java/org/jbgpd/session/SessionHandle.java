package org.jbgpd.session;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.Update;

import java.util.List;

/**
 * The outbound side of one Established session. Safe to call from any thread (the engine's); the work is queued
 * to the session thread. After the session ends every call is refused with {@code false}, so a late export for a
 * dead session is harmless.
 */
public interface SessionHandle {

    PeerId peer();

    /** Our address on this session's connection (IPv4 peers as IPv4, never v4-mapped): the next hop we announce. */
    org.jbgpd.wire.IpAddress localAddress();

    /** The index of the interface that holds {@link #localAddress()}, 0 when not known: where the peer's link-local next hops are. */
    default int linkIndex() { return 0; }

    /** What was agreed; encode nothing for families outside {@link Negotiated#families()}. */
    Negotiated negotiated();

    /** Queues UPDATEs and flushes once. False when the session has ended. */
    boolean send(List<Update> updates);

    /** Sends the End-of-RIB marker for a family (after the initial table, RFC 4724). */
    boolean sendEndOfRib(Family family);

    /** Asks the peer to re-send a family (RFC 2918), when it advertised route refresh. */
    boolean requestRouteRefresh(Family family);

    /**
     * The peer sent more than {@code limit} prefixes of {@code family}: end the session with Cease 6/1 (RFC 4486 data:
     * AFI, SAFI, limit) and reconnect after the error back-off.
     */
    void maxPrefixesExceeded(Family family, long limit);

    /**
     * Back-pressure towards the peer: stop (false) or resume (true) reading its socket, so a busy engine slows the
     * peer down through TCP instead of growing a queue. Calls take effect in the order they are made, from any thread.
     */
    void setReading(boolean reading);

    /** False once the session has ended. */
    boolean isOpen();
}
