package org.jbgpd.netlink;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.jbgpd.netlink.Rtnetlink.*;

/**
 * Reads routes back from the kernel: a dump of one family filtered by table and protocol (the
 * kernel filters, thanks to NETLINK_GET_STRICT_CHK; we check again), and the parser shared with
 * route events. A dump the kernel marks as interrupted (the table changed under it) is redone.
 */
public final class RouteDump implements AutoCloseable {
    private static final int RECEIVE_BYTES = 1 << 20;
    private static final int MAX_ATTEMPTS = 5;

    private final NetlinkSocket socket;
    private final Arena arena = Arena.ofShared();
    private final MessageWriter out;
    private final MessageCursor in;
    private final MessageCursor.AttributeCursor attrs;
    private final MessageCursor.AttributeCursor nested;
    private int seq = 0x4000_0000;

    public RouteDump(NetlinkSocket socket) {
        this.socket = socket;
        this.out = new MessageWriter(arena.allocate(256, 8));
        MemorySegment rx = arena.allocate(RECEIVE_BYTES, 8);
        this.in = new MessageCursor(rx);
        this.attrs = new MessageCursor.AttributeCursor(rx);
        this.nested = new MessageCursor.AttributeCursor(rx);
    }

    /** Our routes: those in {@code table} with its protocol, of both families. */
    public List<KernelRoute> ours(KernelTable table) throws NetlinkException {
        List<KernelRoute> routes = new ArrayList<>();
        dump(Family.IPV4_UNICAST, table.table(), table.protocol(), routes::add);
        dump(Family.IPV6_UNICAST, table.table(), table.protocol(), routes::add);
        return routes;
    }

    /**
     * Dumps the unicast routes of {@code family}, restricted to {@code table} and
     * {@code protocol} unless they are 0.
     */
    public void dump(Family family, int table, int protocol, Consumer<KernelRoute> sink) throws NetlinkException {
        for (int attempt = 1; ; attempt++) {
            List<KernelRoute> batch = new ArrayList<>();
            if (dumpOnce(family, table, protocol, batch) || attempt == MAX_ATTEMPTS) {
                batch.forEach(sink);
                return;
            }
        }
    }

    /** @return false if the kernel flagged the dump as inconsistent */
    private boolean dumpOnce(Family family, int table, int protocol, List<KernelRoute> sink) throws NetlinkException {
        int mySeq = ++seq;
        out.reset();
        int start = out.beginMessage(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, mySeq);
        out.rtmsg(family == Family.IPV4_UNICAST ? AF_INET : AF_INET6, 0, table, protocol, 0, 0);
        if (table != 0) out.attrU32(RTA_TABLE, table);
        out.endMessage(start);
        socket.send(out.buffer(), out.position());
        boolean consistent = true;
        while (true) {
            int n = socket.receive(in.buffer(), true);
            in.reset(n);
            while (in.next()) {
                if (in.seq() != mySeq) continue;
                if ((in.flags() & NLM_F_DUMP_INTR) != 0) consistent = false;
                switch (in.type()) {
                    case NLMSG_DONE -> { return consistent; }
                    case NLMSG_ERROR -> {
                        if (in.errorCode() != 0) throw new NetlinkException("route dump", in.errorCode());
                    }
                    case RTM_NEWROUTE -> {
                        KernelRoute r = parse(in, attrs, nested);
                        if (r != null && (table == 0 || r.table() == table) && (protocol == 0 || r.protocol() == protocol)) sink.add(r);
                    }
                    default -> { }
                }
            }
        }
    }

    /**
     * Parses the RTM_NEWROUTE/RTM_DELROUTE message under {@code in}; null for anything but a
     * plain unicast route (local, broadcast, multicast, cached clones).
     */
    static KernelRoute parse(MessageCursor in, MessageCursor.AttributeCursor attrs, MessageCursor.AttributeCursor nested) {
        MemorySegment b = in.buffer();
        int p = in.payload();
        int family = b.get(ValueLayout.JAVA_BYTE, p) & 0xff;
        int dstLen = b.get(ValueLayout.JAVA_BYTE, p + 1) & 0xff;
        int table = b.get(ValueLayout.JAVA_BYTE, p + 4) & 0xff;
        int protocol = b.get(ValueLayout.JAVA_BYTE, p + 5) & 0xff;
        int type = b.get(ValueLayout.JAVA_BYTE, p + 7) & 0xff;
        if (type != RTN_UNICAST || (family != AF_INET && family != AF_INET6)) return null;
        boolean v4 = family == AF_INET;
        IpAddress dst = v4 ? IpAddress.ofV4(0) : IpAddress.ofV6(0, 0);
        int metric = 0;
        int oif = 0;
        IpAddress gateway = null;
        List<NextHop> hops = new ArrayList<>(1);
        attrs.reset(p + RTMSG_LEN, in.end());
        while (attrs.next()) {
            switch (attrs.type()) {
                case RTA_DST -> dst = attrs.address(v4);
                case RTA_TABLE -> table = attrs.u32();
                case RTA_PRIORITY -> metric = attrs.u32();
                case RTA_OIF -> oif = attrs.u32();
                case RTA_GATEWAY -> gateway = attrs.address(v4);
                case RTA_VIA -> gateway = attrs.via();
                case RTA_MULTIPATH -> multipath(b, attrs.payload(), attrs.payload() + attrs.payloadLength(), v4, nested, hops);
                default -> { }
            }
        }
        if (hops.isEmpty() && (gateway != null || oif > 0)) hops.add(new NextHop(gateway, oif));
        return new KernelRoute(IpPrefix.of(dst, dstLen), hops, table, protocol, metric);
    }

    private static void multipath(MemorySegment b, int from, int to, boolean v4, MessageCursor.AttributeCursor nested, List<NextHop> hops) {
        int at = from;
        while (at + RTNH_LEN <= to) {
            int len = b.get(ValueLayout.JAVA_SHORT_UNALIGNED, at) & 0xffff;
            if (len < RTNH_LEN || at + len > to) return;
            int ifIndex = b.get(ValueLayout.JAVA_INT_UNALIGNED, at + 4);
            IpAddress gw = null;
            nested.reset(at + RTNH_LEN, at + len);
            while (nested.next()) {
                if (nested.type() == RTA_GATEWAY) gw = nested.address(v4);
                else if (nested.type() == RTA_VIA) gw = nested.via();
            }
            if (gw != null || ifIndex > 0) hops.add(new NextHop(gw, ifIndex));
            at += align(len);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
