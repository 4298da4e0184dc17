package org.jbgpd.netlink;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.jbgpd.netlink.Layouts.*;
import static org.jbgpd.netlink.Rtnetlink.*;

/**
 * One route of a dump or a reply, read from the receive buffer into primitive fields: the
 * flyweight a dump hands to its {@link RouteDump.Visitor} for each route, reused for the next one,
 * so a dump of a million routes allocates nothing per route (ADR 0032). {@link #toRoute()} makes
 * a {@link KernelRoute} for callers that want to keep one.
 */
public final class RouteView {
    private boolean v4;
    private long hi;
    private long lo;
    private int length;
    private int table;
    private int protocol;
    private int metric;
    private int hopCount;
    private int nexthopId;
    // Per next hop: 0 = no gateway, else AF_INET/AF_INET6 of the gateway; its bits; its interface.
    private int[] gatewayFamily = new int[4];
    private long[] gatewayHi = new long[4];
    private long[] gatewayLo = new long[4];
    private int[] ifIndex = new int[4];
    // The one next hop of a route without RTA_MULTIPATH, gathered while its attributes are read.
    private int singleOif;
    private int singleGwFamily;
    private int singleGwAt;

    /**
     * Reads the RTM_NEWROUTE/RTM_DELROUTE message under {@code in}.
     *
     * <p>Few memory reads per method on purpose: C1 inlines each {@code MemorySegment.get} into
     * a large graph of checks, and one method holding all of them (this one did, ~20) took 5 MiB
     * of compiler arena when the periodic scan made it hot, a peak the daemon's RSS carried for
     * seconds at Calico scale (ADR 0104). The header's one-byte fields come in one read and each
     * attribute is handled by {@link #attribute}, compiled on its own.
     *
     * @return false for anything but a plain unicast route (local, broadcast, multicast, cached
     *         clones), which leaves the view undefined
     */
    boolean read(MessageCursor in, MessageCursor.AttributeCursor attrs, MessageCursor.AttributeCursor nested) {
        MemorySegment b = in.buffer();
        int p = in.payload();
        // struct rtmsg { u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags; }
        long header = b.get(LE64, p);
        int family = (int) header & 0xff;
        int type = (int) (header >>> 56) & 0xff;
        if (type != RTN_UNICAST || (family != AF_INET && family != AF_INET6)) return false;
        v4 = family == AF_INET;
        length = (int) (header >>> 8) & 0xff;
        table = (int) (header >>> 32) & 0xff;
        protocol = (int) (header >>> 40) & 0xff;
        hi = 0;
        lo = 0;
        metric = 0;
        hopCount = 0;
        nexthopId = 0;
        singleOif = 0;
        singleGwFamily = 0;
        singleGwAt = 0;
        attrs.reset(p + RTMSG_LEN, in.end());
        while (attrs.next()) attribute(b, attrs, nested, family);
        if (hopCount == 0 && (singleGwFamily != 0 || singleOif > 0)) addHop(b, singleGwFamily, singleGwAt, singleOif);
        return true;
    }

    private void attribute(MemorySegment b, MessageCursor.AttributeCursor attrs, MessageCursor.AttributeCursor nested, int family) {
        int type = attrs.type();
        int at = attrs.payload();
        switch (type) {
            case RTA_TABLE, RTA_PRIORITY, RTA_OIF, RTA_NH_ID -> u32Attribute(type, attrs.u32());
            case RTA_DST -> destination(b, at);
            case RTA_GATEWAY -> {
                singleGwFamily = family;
                singleGwAt = at;
            }
            case RTA_VIA -> {
                singleGwFamily = b.get(U16, at) & 0xffff;
                singleGwAt = at + 2;
            }
            case RTA_MULTIPATH -> multipath(b, at, at + attrs.payloadLength(), family, nested);
            default -> { }
        }
    }

    private void u32Attribute(int type, int value) {
        switch (type) {
            case RTA_TABLE -> table = value;
            case RTA_PRIORITY -> metric = value;
            case RTA_OIF -> singleOif = value;
            default -> nexthopId = value; // RTA_NH_ID
        }
    }

    private void destination(MemorySegment b, int at) {
        if (v4) {
            hi = b.get(BE32, at) & 0xffff_ffffL;
        } else {
            hi = b.get(BE64, at);
            lo = b.get(BE64, at + 8);
        }
    }

    private void multipath(MemorySegment b, int from, int to, int family, MessageCursor.AttributeCursor nested) {
        int at = from;
        while (at + RTNH_LEN <= to) {
            int len = b.get(U16, at) & 0xffff;
            if (len < RTNH_LEN || at + len > to) return;
            int oif = b.get(U32, at + 4);
            int gwFamily = 0, gwAt = 0;
            nested.reset(at + RTNH_LEN, at + len);
            while (nested.next()) {
                if (nested.type() == RTA_GATEWAY) {
                    gwFamily = family;
                    gwAt = nested.payload();
                } else if (nested.type() == RTA_VIA) {
                    gwFamily = b.get(U16, nested.payload()) & 0xffff;
                    gwAt = nested.payload() + 2;
                }
            }
            if (gwFamily != 0 || oif > 0) addHop(b, gwFamily, gwAt, oif);
            at += align(len);
        }
    }

    private void addHop(MemorySegment b, int gwFamily, int gwAt, int oif) {
        if (hopCount == ifIndex.length) {
            int n = hopCount * 2;
            gatewayFamily = Arrays.copyOf(gatewayFamily, n);
            gatewayHi = Arrays.copyOf(gatewayHi, n);
            gatewayLo = Arrays.copyOf(gatewayLo, n);
            ifIndex = Arrays.copyOf(ifIndex, n);
        }
        int i = hopCount++;
        ifIndex[i] = oif;
        if (gwFamily == AF_INET) {
            gatewayFamily[i] = AF_INET;
            gatewayHi[i] = b.get(BE32, gwAt) & 0xffff_ffffL;
            gatewayLo[i] = 0;
        } else if (gwFamily == AF_INET6) {
            gatewayFamily[i] = AF_INET6;
            gatewayHi[i] = b.get(BE64, gwAt);
            gatewayLo[i] = b.get(BE64, gwAt + 8);
        } else {
            gatewayFamily[i] = 0;
        }
    }

    public Family family() { return v4 ? Family.IPV4_UNICAST : Family.IPV6_UNICAST; }

    /** The destination's bits as {@link IpAddress#hi()}. */
    public long hi() { return hi; }

    /** The destination's bits as {@link IpAddress#lo()}. */
    public long lo() { return lo; }

    public int length() { return length; }

    public int table() { return table; }

    public int protocol() { return protocol; }

    public int metric() { return metric; }

    /**
     * The number of next hops the message listed. A route through a nexthop object lists them
     * too while the kernel's nexthop_compat_mode is on (the default); with it off, 0, and
     * {@link #nexthopId()} says which object to look up.
     */
    public int nextHopCount() { return hopCount; }

    /** The kernel nexthop object (RTA_NH_ID) the route uses, or 0 for a route that carries its own gateways. */
    public int nexthopId() { return nexthopId; }

    /**
     * True if the route's gateways are exactly those of {@code hops} (as sets; interfaces are
     * not compared, the kernel fills them in). Allocates nothing.
     */
    public boolean sameGateways(List<NextHop> hops) {
        if (hops.size() != hopCount) return false;
        for (int w = 0; w < hops.size(); w++) {
            IpAddress g = hops.get(w).gateway();
            boolean found = false;
            for (int i = 0; i < hopCount && !found; i++) {
                if (g == null) found = gatewayFamily[i] == 0;
                else found = gatewayFamily[i] == (g.isV4() ? AF_INET : AF_INET6) && gatewayHi[i] == g.hi() && gatewayLo[i] == g.lo();
            }
            if (!found) return false;
        }
        return true;
    }

    /** The gateway of next hop {@code i} (0 <= i < {@link #nextHopCount()}), or null for a device route. Allocates. */
    public IpAddress gateway(int i) {
        return switch (gatewayFamily[i]) {
            case AF_INET -> IpAddress.ofV4((int) gatewayHi[i]);
            case AF_INET6 -> IpAddress.ofV6(gatewayHi[i], gatewayLo[i]);
            default -> null;
        };
    }

    /** The route as an object, for callers that keep it. */
    public KernelRoute toRoute() {
        List<NextHop> hops = new ArrayList<>(hopCount);
        for (int i = 0; i < hopCount; i++) hops.add(new NextHop(gateway(i), ifIndex[i]));
        IpAddress dst = v4 ? IpAddress.ofV4((int) hi) : IpAddress.ofV6(hi, lo);
        return new KernelRoute(IpPrefix.of(dst, length), hops, table, protocol, metric);
    }
}
