package org.jbgpd.config;

import org.jbgpd.wire.IpAddress;

/**
 * A configured neighbor.
 *
 * @param importPolicy a policy name, "all", "none", or null for the default (accept for iBGP,
 *     reject for eBGP as RFC 8212 asks)
 * @param exportPolicy a policy name, "all", "none", or null for the default (the announce list)
 */
public record PeerConfig(String name, IpAddress address, SessionSettings session, String importPolicy, String exportPolicy) {

    public boolean isInternal(long localAs) { return session.isInternal(localAs); }
}
