package org.jbgpd.netlink;

import org.jbgpd.wire.IpAddress;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.jbgpd.netlink.Layouts.*;
import static org.jbgpd.netlink.Rtnetlink.*;

/**
 * Encodes netlink messages straight into a reusable native buffer: nlmsghdr, rtmsg, rtattr and
 * rtnexthop, each padded to 4 bytes. Headers are in native byte order (the kernel's), addresses
 * in network order. Nothing is allocated per message: the caller keeps the returned offsets (ints)
 * to close what it opened.
 *
 * <p>Fixed headers and small attributes go out as one 8-byte write each (two 4-byte fields side
 * by side, composed in registers) rather than one write per field: fib-sync runs under C1 only,
 * where each segment access is a chain of calls with bounds and alignment checks, and per-field
 * writes were about a fifth of its user time during a table load (ADR 0038).
 */
public final class MessageWriter {
    private static final boolean LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final MemorySegment buffer;
    private final int capacity;
    private int position;

    public MessageWriter(MemorySegment buffer) {
        this.buffer = buffer;
        this.capacity = (int) Math.min(Integer.MAX_VALUE, buffer.byteSize());
    }

    public MemorySegment buffer() { return buffer; }

    public int position() { return position; }

    public int remaining() { return capacity - position; }

    public void reset() { position = 0; }

    /** Drops everything written from {@code offset} on (a message that turned out not to fit). */
    public void truncate(int offset) { position = offset; }

    /** Appends {@code n} zero bytes (a fixed header such as ifinfomsg or ifaddrmsg left all zero). */
    public void zeros(int n) {
        for (int i = 0; i < n; i++) buffer.set(ValueLayout.JAVA_BYTE, position + i, (byte) 0);
        position += n;
    }

    /** Starts a message; returns its offset for {@link #endMessage}. */
    public int beginMessage(int type, int flags, int seq) {
        int start = position;
        put2x32(start, NLMSG_HDRLEN, two16(type, flags));
        put2x32(start + 8, seq, 0); // port id 0: from us to the kernel
        position = start + NLMSG_HDRLEN;
        return start;
    }

    public void endMessage(int start) {
        buffer.set(U32, start, position - start);
    }

    public void rtmsg(int family, int dstLen, int table, int protocol, int scope, int type) {
        int p = position;
        // family, dst_len, src_len 0, tos 0 | table, protocol, scope, type; then rtm_flags 0.
        // Tables above 255 do not fit here; RTA_TABLE carries them and the kernel prefers it.
        int tableByte = Integer.compareUnsigned(table, 256) < 0 ? table : RT_TABLE_UNSPEC;
        put2x32(p, four8(family, dstLen, 0, 0), four8(tableByte, protocol, scope, type));
        buffer.set(U32, p + 8, 0);
        position = p + RTMSG_LEN;
    }

    /** struct nhmsg of a nexthop request: family (AF_UNSPEC for a group), scope 0, protocol, no flags. */
    public void nhmsg(int family, int protocol) {
        int p = position;
        put2x32(p, four8(family, 0, protocol, 0), 0);
        position = p + NHMSG_LEN;
    }

    /** NHA_GROUP: one struct nexthop_grp per member, each of weight 1. */
    public void attrGroup(int[] memberIds, int count) {
        int p = position;
        int len = RTA_HDRLEN + count * NEXTHOP_GRP_LEN;
        buffer.set(U32, p, two16(len, NHA_GROUP));
        for (int i = 0; i < count; i++) put2x32(p + RTA_HDRLEN + i * NEXTHOP_GRP_LEN, memberIds[i], 0);
        position = p + len;
    }

    public void attrU32(int type, int value) {
        int p = position;
        put2x32(p, two16(RTA_HDRLEN + 4, type), value);
        position = p + 8;
    }

    /** An address attribute (RTA_DST, RTA_GATEWAY) in network byte order. */
    public void attrAddress(int type, IpAddress address) {
        if (address.isV4()) {
            attrV4(type, address.v4());
        } else {
            attrV6(type, address.hi(), address.lo());
        }
    }

    public void attrV4(int type, int address) {
        int p = position;
        put2x32(p, two16(RTA_HDRLEN + 4, type), LITTLE ? Integer.reverseBytes(address) : address); // network order
        position = p + 8;
    }

    public void attrV6(int type, long hi, long lo) {
        int p = position;
        buffer.set(U16, p, (short) (RTA_HDRLEN + 16));
        buffer.set(U16, p + 2, (short) type);
        buffer.set(BE64, p + 4, hi);
        buffer.set(BE64, p + 12, lo);
        position = p + 20;
    }

    /** RTA_VIA: struct rtvia { u16 family; u8 addr[]; }, for a gateway of the other family. */
    public void attrVia(IpAddress gateway) {
        int p = position;
        int addrLen = gateway.isV4() ? 4 : 16;
        int len = RTA_HDRLEN + 2 + addrLen;
        buffer.set(U16, p, (short) len);
        buffer.set(U16, p + 2, (short) RTA_VIA);
        buffer.set(U16, p + 4, (short) (gateway.isV4() ? AF_INET : AF_INET6));
        if (gateway.isV4()) {
            buffer.set(BE32, p + 6, gateway.v4());
        } else {
            buffer.set(BE64, p + 6, gateway.hi());
            buffer.set(BE64, p + 14, gateway.lo());
        }
        position = p + align(len);
        for (int i = p + len; i < position; i++) buffer.set(ValueLayout.JAVA_BYTE, i, (byte) 0);
    }

    /** Opens a nested attribute (RTA_MULTIPATH); returns its offset for {@link #endNest}. */
    public int beginNest(int type) {
        int p = position;
        buffer.set(U16, p + 2, (short) type);
        position = p + RTA_HDRLEN;
        return p;
    }

    public void endNest(int start) {
        buffer.set(U16, start, (short) (position - start));
    }

    /** Opens one struct rtnexthop inside RTA_MULTIPATH; its own attributes follow. */
    public int beginNextHop(int flags, int weight, int ifIndex) {
        int p = position;
        buffer.set(ValueLayout.JAVA_BYTE, p + 2, (byte) flags);
        buffer.set(ValueLayout.JAVA_BYTE, p + 3, (byte) (weight - 1)); // rtnh_hops is weight - 1
        buffer.set(U32, p + 4, ifIndex);
        position = p + RTNH_LEN;
        return p;
    }

    public void endNextHop(int start) {
        buffer.set(U16, start, (short) (position - start));
    }

    /** Writes two host-order u32 fields, {@code first} at {@code offset}, {@code second} after it, in one access. */
    private void put2x32(int offset, int first, int second) {
        long v = LITTLE ? (first & 0xffff_ffffL) | ((long) second << 32) : ((long) first << 32) | (second & 0xffff_ffffL);
        buffer.set(U64, offset, v);
    }

    /** Two host-order u16 fields as the host-order u32 that has the same bytes. */
    private static int two16(int first, int second) {
        return LITTLE ? (first & 0xffff) | (second << 16) : (first << 16) | (second & 0xffff);
    }

    /** Four bytes, in memory order, as the host-order u32 that has them. */
    private static int four8(int b0, int b1, int b2, int b3) {
        return LITTLE
                ? (b0 & 0xff) | (b1 & 0xff) << 8 | (b2 & 0xff) << 16 | (b3 & 0xff) << 24
                : (b0 & 0xff) << 24 | (b1 & 0xff) << 16 | (b2 & 0xff) << 8 | (b3 & 0xff);
    }
}
