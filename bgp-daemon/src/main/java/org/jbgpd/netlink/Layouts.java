package org.jbgpd.netlink;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * How netlink fields sit in memory: headers and attribute lengths in the host's order,
 * addresses in network order, nothing guaranteed aligned beyond 4 bytes.
 */
final class Layouts {
    private Layouts() {}

    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Two adjacent 4-byte fields written at once (see MessageWriter). */
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Eight one-byte fields read at once: byte i lands in bits 8i..8i+7 on any host (see RouteView). */
    static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
}
