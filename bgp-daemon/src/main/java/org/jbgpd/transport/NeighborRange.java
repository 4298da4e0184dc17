package org.jbgpd.transport;

import org.jbgpd.wire.IpPrefix;

/**
 * Dynamic neighbors: any address in {@code range} may connect; its session is created on the fly from
 * {@code template} (always passive; name and address are filled in) and removed when it closes.
 */
public record NeighborRange(String name, IpPrefix range, PeerParameters template) {

    PeerParameters peerFor(org.jbgpd.wire.IpAddress address) {
        return template.withAddress(name + "/" + address, address).withPassive(true);
    }
}
