package org.jbgpd.wire;

/**
 * One BGP-4 message (RFC 4271 §4), decoded from or ready for the wire.
 *
 * <p>Every value is immutable. {@link MessageDecoder} turns bytes into these (or into the
 * NOTIFICATION that the session must send instead) and {@link MessageEncoder} writes them back,
 * so that {@code decode(encode(m)).equals(m)} for every message the encoder accepts.
 */
public sealed interface BgpMessage permits Open, Update, Notification, Keepalive, RouteRefresh {

    int TYPE_OPEN = 1;
    int TYPE_UPDATE = 2;
    int TYPE_NOTIFICATION = 3;
    int TYPE_KEEPALIVE = 4;
    int TYPE_ROUTE_REFRESH = 5;

    /** The message type octet of the common header. */
    int type();
}
