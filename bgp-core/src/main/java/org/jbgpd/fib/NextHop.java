package org.jbgpd.fib;

import org.jbgpd.wire.IpAddress;

/**
 * One next hop of an installed route.
 *
 * @param address the gateway address
 * @param device  the interface to reach it through, or null to let the kernel resolve it. Needed
 *                for IPv6 link-local next hops, which mean nothing without an interface.
 */
public record NextHop(IpAddress address, String device) implements Comparable<NextHop> {

    public NextHop {
        if (address == null) throw new IllegalArgumentException("next-hop address is null");
    }

    public static NextHop of(IpAddress address) { return new NextHop(address, null); }

    @Override
    public int compareTo(NextHop o) {
        int c = address.compareTo(o.address);
        if (c != 0) return c;
        if (device == null) return o.device == null ? 0 : -1;
        return o.device == null ? 1 : device.compareTo(o.device);
    }

    @Override
    public String toString() { return device == null ? address.toString() : address + "%" + device; }
}
