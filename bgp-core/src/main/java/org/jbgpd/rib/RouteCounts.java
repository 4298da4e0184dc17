package org.jbgpd.rib;

import org.jbgpd.wire.Family;

/** Loc-RIB prefixes that have a best path, per family (a snapshot for metrics). */
public record RouteCounts(long ipv4, long ipv6) {

    public static final RouteCounts NONE = new RouteCounts(0, 0);

    public long of(Family f) { return f == Family.IPV4_UNICAST ? ipv4 : ipv6; }
}
