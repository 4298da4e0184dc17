package org.jbgpd.netlink;

import org.jbgpd.wire.Family;

import java.util.ArrayList;
import java.util.List;

import static org.jbgpd.netlink.Rtnetlink.*;

/**
 * Reads our routes back from the kernel: a dump filtered by table and protocol (the kernel
 * filters, thanks to NETLINK_GET_STRICT_CHK; we check again), each route read in place from the
 * receive buffer into a reused {@link RouteView}. A dump the kernel marks as interrupted (the
 * table changed under it) is redone.
 */
public final class RouteDump implements AutoCloseable {
    /**
     * One dump datagram: the kernel fills a dump's datagrams up to the largest recvmsg length it has seen, capped at
     * 32 KiB (netlink_recvmsg), so twice that always fits. The buffer is zeroed when allocated, so every byte of it is
     * resident from start: it was 1 MiB, 960 KiB of it never written (ADR 0129).
     */
    static final int RECEIVE_BYTES = 64 << 10;
    private static final int MAX_ATTEMPTS = 5;

    private final Requests rq;

    public RouteDump(NetlinkSocket socket) {
        this.rq = new Requests(socket, 256, RECEIVE_BYTES, 0x4000_0000);
    }

    /** Takes the routes of a dump one by one, each as a {@link RouteView} valid only during the call. */
    public interface Visitor {
        /**
         * A dump (re)starts: forget what earlier visits of this dump collected. The kernel may
         * interrupt a dump when the table changes under it; the dump is then redone.
         */
        default void restart() { }

        void route(RouteView route) throws NetlinkException;
    }

    /** Our routes: those in {@code table} with its protocol, of both families, as objects (tests, tools). */
    public List<KernelRoute> ours(KernelTable table) throws NetlinkException {
        List<KernelRoute> routes = new ArrayList<>();
        visitOurs(table, new Visitor() {
            @Override public void restart() { routes.clear(); }

            @Override public void route(RouteView r) { routes.add(r.toRoute()); }
        });
        return routes;
    }

    /** How many of our routes are in the kernel; allocates nothing per route. */
    public int countOurs(KernelTable table) throws NetlinkException {
        int[] count = new int[1];
        visitOurs(table, new Visitor() {
            @Override public void restart() { count[0] = 0; }

            @Override public void route(RouteView r) { count[0]++; }
        });
        return count[0];
    }

    /** Visits our routes (IPv4 then IPv6) without allocating per route; a restart redoes both families. */
    public void visitOurs(KernelTable table, Visitor visitor) throws NetlinkException {
        for (int attempt = 1; ; attempt++) {
            visitor.restart();
            boolean consistent = dumpOnce(Family.IPV4_UNICAST, table.table(), table.protocol(), visitor);
            consistent &= dumpOnce(Family.IPV6_UNICAST, table.table(), table.protocol(), visitor);
            if (consistent || attempt == MAX_ATTEMPTS) return;
        }
    }

    /** @return false if the kernel flagged the dump as inconsistent */
    private boolean dumpOnce(Family family, int table, int protocol, Visitor visitor) throws NetlinkException {
        int mySeq = rq.begin();
        int start = rq.out.beginMessage(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, mySeq);
        rq.out.rtmsg(family == Family.IPV4_UNICAST ? AF_INET : AF_INET6, 0, table, protocol, 0, 0);
        if (table != 0) rq.out.attrU32(RTA_TABLE, table);
        rq.out.endMessage(start);
        rq.send();
        boolean[] consistent = {true};
        rq.read(mySeq, m -> {
            if ((m.flags() & NLM_F_DUMP_INTR) != 0) consistent[0] = false;
            switch (m.type()) {
                case NLMSG_DONE -> { return true; }
                case NLMSG_ERROR -> {
                    if (m.errorCode() != 0) throw new NetlinkException("route dump", m.errorCode());
                }
                case RTM_NEWROUTE -> {
                    if (rq.view.read(m, rq.attrs, rq.nested) && (table == 0 || rq.view.table() == table) && (protocol == 0 || rq.view.protocol() == protocol)) {
                        visitor.route(rq.view);
                    }
                }
                default -> { }
            }
            return false;
        });
        return consistent[0];
    }

    @Override
    public void close() {
        rq.close();
    }
}
