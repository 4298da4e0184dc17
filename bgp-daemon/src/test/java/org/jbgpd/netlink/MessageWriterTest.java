package org.jbgpd.netlink;

import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.jbgpd.netlink.Rtnetlink.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Byte layout of encoded requests, read back through the same cursor that parses kernel replies. */
class MessageWriterTest {

    @Test
    void headersAreNativeOrderAddressesNetworkOrderAndEverythingIsFourByteAligned() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(512, 8);
            MessageWriter w = new MessageWriter(buf);
            int m = w.beginMessage(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_REPLACE, 42);
            w.rtmsg(AF_INET, 24, 1000, 186, RT_SCOPE_UNIVERSE, RTN_UNICAST);
            w.attrAddress(RTA_DST, IpAddress.parse("10.20.1.0"));
            w.attrVia(IpAddress.parse("2001:db8::1")); // 4 + 2 + 16 = 22 bytes, padded to 24
            w.attrU32(RTA_TABLE, 1000);
            w.endMessage(m);

            assertEquals(16 + 12 + 8 + 24 + 8, w.position());
            assertEquals(0, w.position() % 4);
            ValueLayout.OfInt nativeInt = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
            assertEquals(w.position(), buf.get(nativeInt, 0));
            assertEquals(42, buf.get(nativeInt, 8));
            assertEquals(0, buf.get(ValueLayout.JAVA_BYTE, 16 + 4), "table 1000 does not fit rtm_table: unspec");
            // 10.20.1.0 in network order right after the DST attribute header
            assertEquals(10, buf.get(ValueLayout.JAVA_BYTE, 16 + 12 + 4));
            assertEquals(20, buf.get(ValueLayout.JAVA_BYTE, 16 + 12 + 5));
            assertEquals(1, buf.get(ValueLayout.JAVA_BYTE, 16 + 12 + 6));

            MessageCursor c = new MessageCursor(buf);
            c.reset(w.position());
            assertTrue(c.next());
            assertEquals(RTM_NEWROUTE, c.type());
            MessageCursor.AttributeCursor a = new MessageCursor.AttributeCursor(buf);
            a.reset(c.payload() + RTMSG_LEN, c.end());
            assertTrue(a.next());
            assertEquals(IpAddress.parse("10.20.1.0"), a.address(true));
            assertTrue(a.next());
            assertEquals(RTA_VIA, a.type());
            assertEquals(IpAddress.parse("2001:db8::1"), a.via());
            assertTrue(a.next());
            assertEquals(1000, a.u32());
            assertFalse(a.next());
            assertFalse(c.next());
        }
    }

    @Test
    void multipathNestsCarryTheirOwnLengths() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(512, 8);
            MessageWriter w = new MessageWriter(buf);
            int m = w.beginMessage(RTM_NEWROUTE, NLM_F_REQUEST, 1);
            w.rtmsg(AF_INET6, 48, 254, 186, 0, RTN_UNICAST);
            int nest = w.beginNest(RTA_MULTIPATH);
            for (String gw : new String[] {"2001:db8::2", "2001:db8::3"}) {
                int h = w.beginNextHop(0, 1, 7);
                w.attrAddress(RTA_GATEWAY, IpAddress.parse(gw));
                w.endNextHop(h);
            }
            w.endNest(nest);
            w.endMessage(m);
            // nest header 4 + 2 * (rtnexthop 8 + gateway attribute 20)
            assertEquals(4 + 2 * 28, buf.get(ValueLayout.JAVA_SHORT_UNALIGNED, nest));
            assertEquals(28, buf.get(ValueLayout.JAVA_SHORT_UNALIGNED, nest + 4));
            assertEquals(7, buf.get(ValueLayout.JAVA_INT_UNALIGNED, nest + 4 + 4));
        }
    }

    @Test
    void aCursorStopsAtATruncatedMessageInsteadOfThrowing() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(64, 8);
            buf.set(ValueLayout.JAVA_INT_UNALIGNED, 0, 1000); // claims more than the datagram holds
            MessageCursor c = new MessageCursor(buf);
            c.reset(64);
            assertFalse(c.next());
        }
    }
}
