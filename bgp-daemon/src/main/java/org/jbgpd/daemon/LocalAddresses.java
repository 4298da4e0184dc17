package org.jbgpd.daemon;

import org.jbgpd.config.JbgpdConfig;
import org.jbgpd.config.PeerConfig;
import org.jbgpd.session.PeerId;
import org.jbgpd.transport.BgpTransport;
import org.jbgpd.transport.PeerSnapshot;
import org.jbgpd.wire.IpAddress;

/**
 * Our end of a session, which the engine uses as next hop for routes we announce: from the
 * transport's snapshot when it has one, else the configured sourceAddress, else unknown (null).
 */
final class LocalAddresses {

    private LocalAddresses() {}

    static IpAddress of(BgpTransport transport, JbgpdConfig config, PeerId peer) {
        PeerSnapshot s = transport.snapshot(peer.name());
        IpAddress fromSocket = s == null ? null : parseSocketText(s.localAddress());
        if (fromSocket != null) return fromSocket;
        return config.peer(peer.name()).map(PeerConfig::session).map(x -> x.sourceAddress()).orElse(null);
    }

    /** "/198.51.100.250:41234", "/[2001:db8::1]:179" or "/2001:db8::1:179" (InetSocketAddress text) to the address. */
    static IpAddress parseSocketText(String text) {
        if (text == null) return null;
        String t = text.substring(text.indexOf('/') + 1);
        int colon = t.lastIndexOf(':');
        if (colon < 0) return null;
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (host.startsWith("::ffff:") && host.indexOf('.') > 0) host = host.substring(7);
        try {
            return IpAddress.parse(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
