package org.jbgpd.netlink;

import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static org.jbgpd.netlink.Rtnetlink.*;

/**
 * Single questions to the kernel on a socket of their own: which route would carry traffic to
 * an address (RTM_GETROUTE with RTM_F_FIB_MATCH, so the answer is the table entry, gateways and
 * metric included), and the index of an interface by name.
 */
final class KernelQueries implements AutoCloseable {
    static final int RTM_F_FIB_MATCH = 0x2000;
    private static final int IFLA_IFNAME = 3;
    private static final int IFINFOMSG_LEN = 16;
    private static final int IFADDRMSG_LEN = 8;
    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;

    private final KernelTable ours;
    private final Requests rq;

    KernelQueries(NetlinkSocket socket, KernelTable ours) {
        this.ours = ours;
        this.rq = new Requests(socket, 512, 64 << 10, 0x2000_0000);
    }

    /**
     * Resolves a next hop through the kernel's table. When the covering route is one of our own
     * (our table and protocol), the answer names it ({@link Resolution#viaOurs()}) and carries its
     * gateways; the caller decides whether that route may resolve others. An address that is the
     * gateway's own (a local route) is not a next hop.
     */
    Resolution resolve(IpAddress address, int ifIndex) throws NetlinkException {
        KernelRoute r = lookup(address, ifIndex);
        if (r == null) return Resolution.UNREACHABLE; // no route, or local, blackhole, unreachable, prohibit
        if (r.protocol() == ours.protocol() && r.table() == ours.table()) {
            return new Resolution(r.nextHops(), r.metric() & 0xffff_ffffL, false, r.prefix());
        }
        List<NextHop> hops = new ArrayList<>();
        boolean connected = true;
        for (NextHop h : r.nextHops()) {
            // no gateway: the address is on this connected network, so it is its own next hop
            if (h.gateway() == null) hops.add(new NextHop(address, h.ifIndex()));
            else {
                hops.add(h);
                connected = false;
            }
        }
        return hops.isEmpty() ? Resolution.UNREACHABLE : new Resolution(hops, connected ? 0 : r.metric() & 0xffff_ffffL, connected, null);
    }

    /** The unicast table entry the kernel would use for {@code address}, or null if none. */
    private KernelRoute lookup(IpAddress address, int ifIndex) throws NetlinkException {
        int mySeq = rq.begin();
        int m = rq.out.beginMessage(RTM_GETROUTE, NLM_F_REQUEST, mySeq);
        int rtmsg = rq.out.position();
        rq.out.rtmsg(address.isV4() ? AF_INET : AF_INET6, address.isV4() ? 32 : 128, 0, 0, 0, 0);
        rq.out.buffer().set(ValueLayout.JAVA_INT_UNALIGNED, rtmsg + 8, RTM_F_FIB_MATCH);
        rq.out.attrAddress(RTA_DST, address);
        if (ifIndex != 0) rq.out.attrU32(RTA_OIF, ifIndex);
        rq.out.endMessage(m);
        rq.send();
        KernelRoute[] found = new KernelRoute[1];
        rq.read(mySeq, r -> {
            if (r.type() == NLMSG_ERROR) {
                int e = r.errorCode();
                if (e == Errno.ENETUNREACH || e == Errno.EHOSTUNREACH || e == Errno.ENODEV
                        || e == Errno.ESRCH || e == Errno.ENETDOWN || e == Errno.EINVAL) return true;
                if (e != 0) throw new NetlinkException("route lookup for " + address, e);
                return false;
            }
            if (r.type() != RTM_NEWROUTE) return false;
            if (rq.view.read(r, rq.attrs, rq.nested)) found[0] = rq.view.toRoute();
            return true;
        });
        return found[0];
    }

    /** The networks of every address on every interface (both families): the connected networks. */
    List<IpPrefix> connectedNetworks() throws NetlinkException {
        int mySeq = rq.begin();
        int m = rq.out.beginMessage(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, mySeq);
        rq.out.zeros(IFADDRMSG_LEN);
        rq.out.endMessage(m);
        rq.send();
        List<IpPrefix> networks = new ArrayList<>();
        rq.read(mySeq, r -> {
            if (r.type() == NLMSG_DONE) return true;
            if (r.type() == NLMSG_ERROR && r.errorCode() != 0) throw new NetlinkException("address dump", r.errorCode());
            if (r.type() != RTM_NEWADDR) return false;
            MemorySegment b = r.buffer();
            int family = b.get(ValueLayout.JAVA_BYTE, r.payload()) & 0xff;
            int prefixLen = b.get(ValueLayout.JAVA_BYTE, r.payload() + 1) & 0xff;
            if (family != AF_INET && family != AF_INET6) return false;
            IpAddress local = null, address = null;
            rq.attrs.reset(r.payload() + IFADDRMSG_LEN, r.end());
            while (rq.attrs.next()) {
                if (rq.attrs.type() == IFA_LOCAL) local = rq.attrs.address(family == AF_INET);
                else if (rq.attrs.type() == IFA_ADDRESS) address = rq.attrs.address(family == AF_INET);
            }
            IpAddress a = local != null ? local : address;
            if (a != null) networks.add(IpPrefix.of(a, prefixLen));
            return false;
        });
        return networks;
    }

    /** The prefix length of the route (not ours) that carries traffic to {@code address} now, or -1. */
    int coveringLength(IpAddress address) throws NetlinkException {
        KernelRoute r = lookup(address, 0);
        if (r == null || (r.protocol() == ours.protocol() && r.table() == ours.table())) return -1;
        return r.prefix().length();
    }

    /** The interface index of {@code name}, or 0 if there is none. */
    int linkIndex(String name) throws NetlinkException {
        int mySeq = rq.begin();
        int m = rq.out.beginMessage(RTM_GETLINK, NLM_F_REQUEST, mySeq);
        rq.out.zeros(IFINFOMSG_LEN);
        MemorySegment b = rq.out.buffer();
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int attrLen = RTA_HDRLEN + bytes.length + 1; // NUL-terminated
        int a = rq.out.position();
        rq.out.zeros(align(attrLen));
        b.set(ValueLayout.JAVA_SHORT_UNALIGNED, a, (short) attrLen);
        b.set(ValueLayout.JAVA_SHORT_UNALIGNED, a + 2, (short) IFLA_IFNAME);
        MemorySegment.copy(bytes, 0, b, ValueLayout.JAVA_BYTE, a + 4, bytes.length);
        rq.out.endMessage(m);
        rq.send();
        int[] index = new int[1];
        rq.read(mySeq, r -> {
            if (r.type() == NLMSG_ERROR) {
                if (r.errorCode() == Errno.ENODEV) return true;
                if (r.errorCode() != 0) throw new NetlinkException("link lookup for " + name, r.errorCode());
                return false;
            }
            if (r.type() != RTM_NEWLINK) return false;
            index[0] = r.buffer().get(ValueLayout.JAVA_INT_UNALIGNED, r.payload() + 4);
            return true;
        });
        return index[0];
    }

    @Override
    public void close() {
        rq.close();
    }
}
