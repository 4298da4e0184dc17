package org.jbgpd.transport;

import org.jbgpd.wire.IpAddress;

/**
 * What all sessions share.
 *
 * @param listenAddress where to accept connections ("::" is dual stack); null disables listening (outbound only)
 * @param listenPort    179 in production; tests use high ports
 * @param restarting    jbgpd restarted with its routes still in the kernel: OPENs carry the graceful restart R bit
 *                      and F bits until each peer's first Established session (RFC 4724; ADR 0050)
 */
public record SpeakerParameters(long localAs, IpAddress routerId, IpAddress listenAddress, int listenPort, boolean restarting) {

    /** A fresh start (no forwarding state preserved). */
    public SpeakerParameters(long localAs, IpAddress routerId, IpAddress listenAddress, int listenPort) {
        this(localAs, routerId, listenAddress, listenPort, false);
    }

    public SpeakerParameters {
        if (!routerId.isV4()) throw new IllegalArgumentException("the router id is an IPv4-style 32-bit value: " + routerId);
        if (listenPort < 0 || listenPort > 65535) throw new IllegalArgumentException("port out of range: " + listenPort);
    }

    public boolean listening() { return listenAddress != null; }
}
