package org.jbgpd.session;

import org.jbgpd.wire.IpAddress;

/**
 * Names one peer for the daemon and the route engine. A dynamic neighbor is named "range/address" and exists only
 * while it is connected.
 */
public record PeerId(String name, IpAddress address, boolean dynamic) {
    @Override
    public String toString() { return name + " (" + address + ")"; }
}
