package org.jbgpd.transport;

import org.jbgpd.wire.IpAddress;

/**
 * What all sessions share.
 *
 * @param listenAddress where to accept connections ("::" is dual stack); null disables listening (outbound only)
 * @param listenPort    179 in production; tests use high ports
 */
public record SpeakerParameters(long localAs, IpAddress routerId, IpAddress listenAddress, int listenPort) {

    public SpeakerParameters {
        if (!routerId.isV4()) throw new IllegalArgumentException("the router id is an IPv4-style 32-bit value: " + routerId);
        if (listenPort < 0 || listenPort > 65535) throw new IllegalArgumentException("port out of range: " + listenPort);
    }

    public boolean listening() { return listenAddress != null; }
}
