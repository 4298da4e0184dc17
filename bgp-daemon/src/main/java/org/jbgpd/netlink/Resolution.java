package org.jbgpd.netlink;

import org.jbgpd.wire.IpPrefix;

import java.util.List;

/**
 * How the kernel would reach a BGP next hop: the next hops to install (the address itself on a
 * connected network, or the gateways of the route that covers it: recursive resolution) and the
 * IGP cost (that route's metric, 0 when connected). No hops means unreachable.
 *
 * @param connected true when the next hop is on a connected network (installed as it is)
 * @param viaOurs   the prefix of our own (BGP) route the kernel would use, or null; such a
 *                  resolution is only usable if that route is itself not recursive (ADR 0032)
 */
record Resolution(List<NextHop> hops, long cost, boolean connected, IpPrefix viaOurs) {
    static final Resolution UNREACHABLE = new Resolution(List.of(), 0);

    Resolution {
        hops = List.copyOf(hops);
    }

    Resolution(List<NextHop> hops, long cost) {
        this(hops, cost, false, null);
    }

    boolean reachable() { return !hops.isEmpty(); }
}
