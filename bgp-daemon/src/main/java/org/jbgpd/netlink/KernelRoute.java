package org.jbgpd.netlink;

import org.jbgpd.wire.IpPrefix;

import java.util.List;

/** A route as the kernel reports it in a dump or an event. */
public record KernelRoute(IpPrefix prefix, List<NextHop> nextHops, int table, int protocol, int metric) {
    public KernelRoute {
        nextHops = List.copyOf(nextHops);
    }
}
