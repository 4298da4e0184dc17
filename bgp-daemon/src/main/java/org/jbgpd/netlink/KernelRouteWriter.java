package org.jbgpd.netlink;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static org.jbgpd.netlink.Rtnetlink.*;

/**
 * Writes routes into one kernel table in batches. Requests are encoded straight into a reusable
 * native buffer; when it is full (or on {@link #flush}) the whole buffer goes out in one sendmsg,
 * ended by an NLMSG_NOOP that asks for an ACK: the barrier. Routes themselves ask for no ACK,
 * so the kernel answers only the requests it refuses, each NLMSG_ERROR carrying the sequence
 * number we map back to the prefix (ADR 0031).
 *
 * <p>Route changes are always NLM_F_CREATE|NLM_F_REPLACE (never delete-then-add, so a route
 * never disappears while it changes); deletes name our table, protocol and metric so they can
 * only remove our own route.
 *
 * <p>One thread owns a writer (the FIB sync stage).
 */
public final class KernelRouteWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KernelRouteWriter.class);

    /** 64 KiB per sendmsg: the size the C reference writer uses; see the benchmark for others. */
    public static final int DEFAULT_BATCH_BYTES = 64 << 10;
    /**
     * One reply datagram: each ACK or error is a datagram of its own, its request cut to the header (NETLINK_CAP_ACK).
     * Zeroed when allocated, so resident from start: 64 KiB, not the 256 KiB it was (ADR 0129).
     */
    private static final int RECEIVE_BYTES = 64 << 10;
    private static final int BARRIER_BYTES = NLMSG_HDRLEN;

    private final NetlinkSocket socket;
    private final KernelTable table;
    private final Arena arena = Arena.ofShared();
    private final MessageWriter out;
    private final MessageCursor in;
    // What each request of the current buffer was about, by (seq - firstSeq): to name refusals.
    private final Family[] pendingFamily;
    private final long[] pendingHi;
    private final long[] pendingLo;
    private final byte[] pendingLength;
    private final boolean[] pendingWithdraw;
    private final List<RouteFailure> failures = new ArrayList<>();
    private final long[] failuresByErrno = new long[256];
    private final boolean[] loggedErrno = new boolean[256];

    private int firstSeq = 1;
    // The route being encoded between beginReplace and endReplace.
    private boolean routeIsV4;
    private int hopsExpected;
    private int hopsWritten;
    private int messageStart;
    private int scopeOffset;
    private int multipathNest;
    private int pending;
    private long requestsSent;
    private long withdrawsSent;
    private long replaceFailures;
    private long withdrawFailures;
    private int pendingWithdraws;
    private long failuresTotal;
    private long overruns;
    private boolean overrunSinceLastAsk;

    public KernelRouteWriter(NetlinkSocket socket, KernelTable table) {
        this(socket, table, DEFAULT_BATCH_BYTES);
    }

    public KernelRouteWriter(NetlinkSocket socket, KernelTable table, int batchBytes) {
        if (batchBytes < 4096) throw new IllegalArgumentException("batch buffer below 4 KiB: " + batchBytes);
        this.socket = socket;
        this.table = table;
        this.out = new MessageWriter(arena.allocate(batchBytes, 8));
        this.in = new MessageCursor(arena.allocate(RECEIVE_BYTES, 8));
        // The smallest request (an IPv4 delete) is 48 bytes, so this many can share one buffer.
        int maxRequests = batchBytes / 48 + 1;
        this.pendingFamily = new Family[maxRequests];
        this.pendingHi = new long[maxRequests];
        this.pendingLo = new long[maxRequests];
        this.pendingLength = new byte[maxRequests];
        this.pendingWithdraw = new boolean[maxRequests];
    }

    public KernelTable table() { return table; }

    /** Installs or changes the route to {@code prefix} to exactly {@code nextHops} (one or more). */
    public void replace(IpPrefix prefix, List<NextHop> nextHops) throws NetlinkException {
        int n = nextHops.size();
        IpAddress a = prefix.address();
        beginReplace(a.family(), a.hi(), a.lo(), prefix.length(), n);
        for (int i = 0; i < n; i++) nextHop(nextHops.get(i).gateway(), nextHops.get(i).ifIndex());
        endReplace();
    }

    /**
     * Starts a replace of the route to the prefix given as primitives (address bits as in
     * {@link IpAddress#hi()}/{@link IpAddress#lo()}); exactly {@code nextHopCount} calls of
     * {@link #nextHop} and one {@link #endReplace} must follow. Allocates nothing.
     */
    public void beginReplace(Family family, long hi, long lo, int length, int nextHopCount) throws NetlinkException {
        if (nextHopCount <= 0) throw new IllegalArgumentException("replace needs a next hop; use withdraw");
        ensureRoom(upperBound(nextHopCount));
        boolean v4 = family == Family.IPV4_UNICAST;
        routeIsV4 = v4;
        hopsExpected = nextHopCount;
        hopsWritten = 0;
        messageStart = out.beginMessage(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE, nextSeq());
        scopeOffset = out.position() + 6;
        out.rtmsg(v4 ? AF_INET : AF_INET6, length, table.table(), table.protocol(), RT_SCOPE_UNIVERSE, RTN_UNICAST);
        destination(v4, hi, lo, length);
        out.attrU32(RTA_TABLE, table.table());
        if (table.metric() != 0) out.attrU32(RTA_PRIORITY, table.metric());
        if (nextHopCount > 1) multipathNest = out.beginNest(RTA_MULTIPATH);
        remember(family, hi, lo, length, false);
    }

    /**
     * One next hop of the route begun with {@link #beginReplace}: a gateway of either family
     * (the other family goes as RTA_VIA) and/or an interface index (0 = the kernel picks).
     */
    public void nextHop(IpAddress gateway, int ifIndex) {
        if (hopsWritten == hopsExpected) throw new IllegalStateException("more next hops than announced");
        if (hopsExpected == 1) {
            if (gateway == null) out.buffer().set(java.lang.foreign.ValueLayout.JAVA_BYTE, scopeOffset, (byte) RT_SCOPE_LINK);
            gateway(gateway);
            if (ifIndex != 0) out.attrU32(RTA_OIF, ifIndex);
        } else {
            int rtnh = out.beginNextHop(0, 1, ifIndex);
            gateway(gateway);
            out.endNextHop(rtnh);
        }
        hopsWritten++;
    }

    public void endReplace() {
        if (hopsWritten != hopsExpected) throw new IllegalStateException(hopsWritten + " next hops written, " + hopsExpected + " announced");
        if (hopsExpected > 1) out.endNest(multipathNest);
        out.endMessage(messageStart);
    }

    /**
     * Installs or changes the route to the prefix so that it uses the kernel nexthop object (or
     * group) {@code nexthopId}, which must exist when the kernel reads this request (ADR 0091):
     * the route carries RTA_NH_ID instead of its gateways, which spares the kernel building and
     * comparing a fib_info per route. Allocates nothing.
     */
    public void replaceViaObject(Family family, long hi, long lo, int length, int nexthopId) throws NetlinkException {
        ensureRoom(upperBound(0));
        boolean v4 = family == Family.IPV4_UNICAST;
        int start = out.beginMessage(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE, nextSeq());
        out.rtmsg(v4 ? AF_INET : AF_INET6, length, table.table(), table.protocol(), RT_SCOPE_UNIVERSE, RTN_UNICAST);
        destination(v4, hi, lo, length);
        out.attrU32(RTA_TABLE, table.table());
        if (table.metric() != 0) out.attrU32(RTA_PRIORITY, table.metric());
        out.attrU32(RTA_NH_ID, nexthopId);
        out.endMessage(start);
        remember(family, hi, lo, length, false);
    }

    /** Removes our route to {@code prefix}; a route of another protocol or metric stays. */
    public void withdraw(IpPrefix prefix) throws NetlinkException {
        IpAddress a = prefix.address();
        withdraw(a.family(), a.hi(), a.lo(), prefix.length());
    }

    /** {@link #withdraw(IpPrefix)} for a prefix given as primitives. Allocates nothing. */
    public void withdraw(Family family, long hi, long lo, int length) throws NetlinkException {
        ensureRoom(upperBound(0));
        boolean v4 = family == Family.IPV4_UNICAST;
        int start = out.beginMessage(RTM_DELROUTE, NLM_F_REQUEST, nextSeq());
        out.rtmsg(v4 ? AF_INET : AF_INET6, length, table.table(), table.protocol(), RT_SCOPE_NOWHERE, 0);
        destination(v4, hi, lo, length);
        out.attrU32(RTA_TABLE, table.table());
        if (table.metric() != 0) out.attrU32(RTA_PRIORITY, table.metric());
        out.endMessage(start);
        remember(family, hi, lo, length, true);
    }

    private void destination(boolean v4, long hi, long lo, int length) {
        if (length == 0) return; // the default route has no RTA_DST
        if (v4) out.attrV4(RTA_DST, (int) hi);
        else out.attrV6(RTA_DST, hi, lo);
    }

    private void gateway(IpAddress gw) {
        if (gw == null) return;
        if (gw.isV4() == routeIsV4) {
            out.attrAddress(RTA_GATEWAY, gw);
        } else {
            out.attrVia(gw);
        }
    }

    private static int upperBound(int nextHops) {
        // header + rtmsg + dst(v6) + table + priority + oif + per hop (rtnexthop + via v6), + nest
        return NLMSG_HDRLEN + RTMSG_LEN + 20 + 8 + 8 + 8 + 4 + nextHops * (RTNH_LEN + 24);
    }

    private void ensureRoom(int bytes) throws NetlinkException {
        if (bytes + BARRIER_BYTES > out.remaining() || pending == pendingHi.length) flush();
        if (bytes + BARRIER_BYTES > out.remaining()) throw new IllegalArgumentException("route of " + bytes + " bytes exceeds the batch buffer");
    }

    private int nextSeq() { return firstSeq + pending; }

    private void remember(Family family, long hi, long lo, int length, boolean withdraw) {
        pendingFamily[pending] = family;
        pendingHi[pending] = hi;
        pendingLo[pending] = lo;
        pendingLength[pending] = (byte) length;
        pendingWithdraw[pending] = withdraw;
        if (withdraw) pendingWithdraws++;
        pending++;
    }

    /** Requests encoded but not yet sent. */
    public int pending() { return pending; }

    /**
     * Sends what is buffered and waits for the kernel to have handled all of it. Refusals are
     * counted, logged once per errno, and collected for {@link #takeFailures()}.
     */
    public void flush() throws NetlinkException {
        if (hopsWritten != hopsExpected) throw new IllegalStateException("flush in the middle of a route");
        if (pending == 0) return;
        int barrierSeq = firstSeq + pending;
        int b = out.beginMessage(NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, barrierSeq);
        out.endMessage(b);
        try {
            socket.send(out.buffer(), out.position());
            requestsSent += pending;
            withdrawsSent += pendingWithdraws;
            awaitBarrier(barrierSeq);
        } finally {
            firstSeq = barrierSeq + 1;
            if (firstSeq <= 0 || firstSeq > Integer.MAX_VALUE - pendingHi.length - 2) firstSeq = 1;
            pending = 0;
            pendingWithdraws = 0;
            out.reset();
        }
    }

    private void awaitBarrier(int barrierSeq) throws NetlinkException {
        int portId = socket.portId();
        boolean block = true;
        while (true) {
            int n;
            try {
                n = socket.receive(in.buffer(), block);
            } catch (NetlinkOverrunException e) {
                // Some error replies are lost; the caller must dump and reconcile. The kernel has
                // finished with the batch (it runs inside sendmsg), so drain what is left without waiting.
                overruns++;
                overrunSinceLastAsk = true;
                LOG.warn("netlink receive queue overrun while writing routes; a full resync is needed");
                block = false;
                continue;
            }
            if (n < 0) return; // drained after an overrun
            in.reset(n);
            while (in.next()) {
                if (in.type() != NLMSG_ERROR) continue;
                int seq = in.errorRequestSeq();
                if (seq == barrierSeq) {
                    if (block) return;
                    continue;
                }
                int slot = seq - firstSeq;
                if (slot < 0 || slot >= pending || in.errorCode() == 0) continue;
                recordFailure(slot, in.errorCode(), in.errorMessage());
            }
        }
    }

    private void recordFailure(int slot, int errno, String message) {
        failuresTotal++;
        int e = errno & 0xff;
        failuresByErrno[e]++;
        IpPrefix prefix = new IpPrefix(new IpAddress(pendingFamily[slot], pendingHi[slot], pendingLo[slot]), pendingLength[slot] & 0xff);
        RouteFailure f = new RouteFailure(prefix, pendingWithdraw[slot], errno, message);
        // Deleting what is already gone is routine for the FIB (it does not track every absence).
        boolean benign = pendingWithdraw[slot] && errno == Errno.ESRCH;
        if (!pendingWithdraw[slot]) replaceFailures++;
        else if (!benign) withdrawFailures++;
        if (!benign && !loggedErrno[e]) {
            loggedErrno[e] = true;
            LOG.warn("kernel refused {} (further {} refusals are counted, not logged)", f, Errno.name(errno));
        }
        failures.add(f);
    }

    /** The refusals since the last call, oldest first. */
    public List<RouteFailure> takeFailures() {
        List<RouteFailure> copy = List.copyOf(failures);
        failures.clear();
        return copy;
    }

    /** True once after an ENOBUFS: replies were lost, so dump and reconcile. */
    public boolean takeOverrun() {
        boolean o = overrunSinceLastAsk;
        overrunSinceLastAsk = false;
        return o;
    }

    public long requestsSent() { return requestsSent; }

    public long failuresTotal() { return failuresTotal; }

    /** Installs and changes (RTM_NEWROUTE) sent so far. */
    public long replacesSent() { return requestsSent - withdrawsSent; }

    /** Deletes (RTM_DELROUTE) sent so far. */
    public long withdrawsSent() { return withdrawsSent; }

    /** Installs and changes the kernel refused. */
    public long replaceFailures() { return replaceFailures; }

    /** Deletes the kernel refused, not counting deletes of routes that were already gone (ESRCH). */
    public long withdrawFailures() { return withdrawFailures; }

    public long failures(int errno) { return failuresByErrno[errno & 0xff]; }

    public long overruns() { return overruns; }

    @Override
    public void close() {
        arena.close();
    }
}
