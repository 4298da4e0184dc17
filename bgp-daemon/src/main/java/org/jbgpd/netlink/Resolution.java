package org.jbgpd.netlink;

import java.util.List;

/**
 * How the kernel would reach a BGP next hop: the next hops to install (the address itself on a
 * connected network, or the gateways of the route that covers it: recursive resolution) and the
 * IGP cost (that route's metric, 0 when connected). No hops means unreachable.
 */
record Resolution(List<NextHop> hops, long cost) {
    static final Resolution UNREACHABLE = new Resolution(List.of(), 0);

    Resolution {
        hops = List.copyOf(hops);
    }

    boolean reachable() { return !hops.isEmpty(); }
}
