package org.jbgpd.netlink;

import org.jbgpd.wire.IpAddress;

/**
 * One way out for a kernel route: a gateway (of either family: an IPv6 gateway on an IPv4 route
 * is sent as RTA_VIA) and/or an interface index. {@code ifIndex} 0 lets the kernel pick the
 * interface from its connected routes; a null gateway is a direct (on-link) route.
 */
public record NextHop(IpAddress gateway, int ifIndex) {
    public NextHop {
        if (gateway == null && ifIndex <= 0) throw new IllegalArgumentException("a next hop needs a gateway or an interface");
        if (ifIndex < 0) throw new IllegalArgumentException("negative interface index");
    }

    public static NextHop via(IpAddress gateway) {
        return new NextHop(gateway, 0);
    }

    public static NextHop via(String gateway) {
        return new NextHop(IpAddress.parse(gateway), 0);
    }

    @Override
    public String toString() {
        if (gateway == null) return "dev#" + ifIndex;
        return ifIndex == 0 ? gateway.toString() : gateway + "%" + ifIndex;
    }
}
