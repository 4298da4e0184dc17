package org.jbgpd.netlink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.jbgpd.netlink.Rtnetlink.*;

/**
 * Listens to the kernel's link, address and route multicast groups on a thread of its own and
 * boils them down to three signals for the FIB thread, without allocating per event:
 * one of our routes was deleted (someone may have removed it), routing changed (next hops must
 * be resolved again), and events were lost (ENOBUFS: a full resync is due). Our own route
 * additions, which are most of the traffic during a table load, are recognised from the header
 * bytes and dropped.
 */
final class KernelEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KernelEvents.class);

    /** What the FIB thread is told; called on the event thread, so implementations only flag and wake. */
    interface Signals {
        void ourRouteDeleted();

        void routingChanged();

        void eventsLost();
    }

    private final NetlinkSocket socket;
    private final KernelTable ours;
    private final Signals signals;
    private final Arena arena = Arena.ofShared();
    private final MessageCursor in;
    private final MessageCursor.AttributeCursor attrs;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param writerPortId the port id of the socket our routes are written through: the kernel's
     *                     notifications of those changes are dropped in the kernel (a socket filter),
     *                     so a table load does not flood this socket
     */
    KernelEvents(NetlinkSocket socket, KernelTable ours, int writerPortId, Signals signals) throws NetlinkException {
        this.socket = socket;
        this.ours = ours;
        this.signals = signals;
        MemorySegment rx = arena.allocate(256 << 10, 8);
        this.in = new MessageCursor(rx);
        this.attrs = new MessageCursor.AttributeCursor(rx);
        socket.ignoreMessagesFrom(writerPortId);
        for (int group : new int[] {RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE}) {
            socket.joinGroup(group);
        }
        try {
            // A device that goes away takes our nexthop objects, and their routes, with it (ADR 0091).
            socket.joinGroup(RTNLGRP_NEXTHOP);
        } catch (NetlinkException e) {
            // a kernel without nexthop objects: we make none, so there is nothing to hear
        }
        socket.setReceiveTimeout(200); // so the thread sees close() without a signal
        this.thread = Thread.ofPlatform().daemon().name("netlink-events").start(this::run);
    }

    private void run() {
        while (running) {
            int n;
            try {
                n = socket.receive(in.buffer(), true);
            } catch (NetlinkOverrunException e) {
                signals.eventsLost();
                continue;
            } catch (NetlinkException e) {
                if (running) LOG.warn("netlink event socket failed, events stop: {}", e.getMessage());
                return;
            }
            if (n < 0) continue; // receive timeout: look at running again
            in.reset(n);
            boolean deleted = false, changed = false;
            while (in.next()) {
                int type = in.type();
                if (type == RTM_NEWROUTE || type == RTM_DELROUTE) {
                    if (isOurs()) {
                        deleted |= type == RTM_DELROUTE;
                    } else {
                        changed = true;
                    }
                } else if (type == RTM_DELNEXTHOP) {
                    deleted |= (in.buffer().get(ValueLayout.JAVA_BYTE, in.payload() + 2) & 0xff) == ours.protocol();
                } else if (type == RTM_NEWLINK || type == RTM_DELLINK || type == RTM_NEWADDR || type == RTM_DELADDR) {
                    changed = true;
                }
            }
            if (deleted) signals.ourRouteDeleted();
            if (changed) signals.routingChanged();
        }
    }

    private boolean isOurs() {
        MemorySegment b = in.buffer();
        int p = in.payload();
        int protocol = b.get(ValueLayout.JAVA_BYTE, p + 5) & 0xff;
        if (protocol != ours.protocol()) return false;
        int table = b.get(ValueLayout.JAVA_BYTE, p + 4) & 0xff;
        attrs.reset(p + RTMSG_LEN, in.end());
        while (attrs.next()) {
            if (attrs.type() == RTA_TABLE) {
                table = attrs.u32();
                break;
            }
        }
        return table == ours.table();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
        if (!thread.isAlive()) arena.close();
    }
}
