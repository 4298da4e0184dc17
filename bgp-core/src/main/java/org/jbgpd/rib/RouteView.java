package org.jbgpd.rib;

import org.jbgpd.fib.NextHopSet;
import org.jbgpd.wire.IpPrefix;

import java.util.List;

/** A prefix with its paths (best first) and what is installed for it (null = nothing). */
public record RouteView(IpPrefix prefix, List<PathView> paths, NextHopSet installed) {
    public RouteView {
        paths = List.copyOf(paths);
    }
}
