package org.jbgpd.fib;

import org.jbgpd.wire.IpAddress;

/**
 * The FIB's answer about one next hop the engine watches: can the kernel forward to it, and at
 * what IGP cost (the metric of the kernel route that resolves it; 0 for a connected network).
 */
public record NextHopState(IpAddress address, boolean reachable, long igpCost) {

    public static NextHopState reachable(IpAddress address, long igpCost) { return new NextHopState(address, true, igpCost); }

    public static NextHopState unreachable(IpAddress address) { return new NextHopState(address, false, 0); }
}
