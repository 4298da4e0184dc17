package org.jbgpd.netlink;

import org.jbgpd.wire.IpAddress;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static org.jbgpd.netlink.Layouts.*;
import static org.jbgpd.netlink.Rtnetlink.*;

/**
 * A flyweight over one received datagram: steps through its netlink messages and reads header
 * fields in place. Malformed lengths end the walk instead of throwing, since they can only mean
 * a kernel we do not understand, and a partial read is better than a crash.
 */
public final class MessageCursor {
    private final MemorySegment buffer;
    private int end;
    private int next;
    private int start = -1;

    public MessageCursor(MemorySegment buffer) {
        this.buffer = buffer;
    }

    public MemorySegment buffer() { return buffer; }

    /** Starts over on the first {@code length} bytes of the buffer. */
    public void reset(int length) {
        this.end = length;
        this.next = 0;
        this.start = -1;
    }

    /** Moves to the next message; false when the datagram is used up. */
    public boolean next() {
        if (next + NLMSG_HDRLEN > end) return false;
        int len = buffer.get(U32, next);
        if (len < NLMSG_HDRLEN || next + len > end) return false;
        start = next;
        next = start + align(len);
        return true;
    }

    public int offset() { return start; }

    public int length() { return buffer.get(U32, start); }

    public int type() { return buffer.get(U16, start + 4) & 0xffff; }

    public int flags() { return buffer.get(U16, start + 6) & 0xffff; }

    public int seq() { return buffer.get(U32, start + 8); }

    public int payload() { return start + NLMSG_HDRLEN; }

    public int end() { return start + length(); }

    /** For NLMSG_ERROR: the errno (positive), 0 for a plain ACK. */
    public int errorCode() { return -buffer.get(U32, payload()); }

    /** For NLMSG_ERROR: the sequence number of the request it answers. */
    public int errorRequestSeq() { return buffer.get(U32, payload() + 4 + 8); }

    /** For NLMSG_ERROR with extended ACK: the kernel's explanation, or null. */
    public String errorMessage() {
        if ((flags() & NLM_F_ACK_TLVS) == 0) return null;
        int requestLen = buffer.get(U32, payload() + 4);
        int tlvStart = payload() + 4 + ((flags() & NLM_F_CAPPED) != 0 ? NLMSG_HDRLEN : align(requestLen));
        AttributeCursor a = new AttributeCursor(buffer);
        a.reset(tlvStart, end());
        while (a.next()) {
            if (a.type() == NLMSGERR_ATTR_MSG) return a.string();
        }
        return null;
    }

    /** A flyweight over a run of rtattrs (or the attributes nested in one). */
    public static final class AttributeCursor {
        private final MemorySegment buffer;
        private int end;
        private int next;
        private int start;

        public AttributeCursor(MemorySegment buffer) {
            this.buffer = buffer;
        }

        public void reset(int from, int to) {
            this.next = from;
            this.end = to;
        }

        public boolean next() {
            if (next + RTA_HDRLEN > end) return false;
            int len = buffer.get(U16, next) & 0xffff;
            if (len < RTA_HDRLEN || next + len > end) return false;
            start = next;
            next = start + align(len);
            return true;
        }

        /** The type without the NLA_F_NESTED / NLA_F_NET_BYTEORDER bits. */
        public int type() { return buffer.get(U16, start + 2) & 0x3fff; }

        public int payload() { return start + RTA_HDRLEN; }

        public int payloadLength() { return (buffer.get(U16, start) & 0xffff) - RTA_HDRLEN; }

        public int u32() { return buffer.get(U32, payload()); }

        /** The payload as an address of the given family, read in network order. */
        public IpAddress address(boolean v4) {
            return address(payload(), v4);
        }

        /** RTA_VIA: struct rtvia { u16 family; u8 addr[]; }. */
        public IpAddress via() {
            int family = buffer.get(U16, payload()) & 0xffff;
            return address(payload() + 2, family == AF_INET);
        }

        private IpAddress address(int at, boolean v4) {
            if (v4) return IpAddress.ofV4(buffer.get(BE32, at));
            return IpAddress.ofV6(buffer.get(BE64, at), buffer.get(BE64, at + 8));
        }

        public String string() {
            int len = payloadLength();
            byte[] b = new byte[len];
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, payload(), b, 0, len);
            int n = 0;
            while (n < len && b[n] != 0) n++;
            return new String(b, 0, n, StandardCharsets.UTF_8);
        }
    }
}
