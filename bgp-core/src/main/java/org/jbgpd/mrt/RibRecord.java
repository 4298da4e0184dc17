package org.jbgpd.mrt;

import java.util.ArrayList;
import java.util.List;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

/**
 * A TABLE_DUMP_V2 RIB_IPV4_UNICAST / RIB_IPV6_UNICAST record (RFC 6396 4.3.2), or its RFC 8050
 * add-path variant, with each entry's attributes left in place in {@code body}.
 */
public record RibRecord(long sequence, IpPrefix prefix, boolean addPath, List<Entry> entries, byte[] body) {

    /** One RIB entry: attributes are {@code body[attributesOffset, +attributesLength)}. */
    public record Entry(int peerIndex, long originatedTime, long pathId, int attributesOffset, int attributesLength) {}

    /** True for the subtypes this reader prints (unicast, with or without add-path). */
    public static boolean handles(int subtype) {
        return subtype == MrtType.RIB_IPV4_UNICAST || subtype == MrtType.RIB_IPV6_UNICAST
                || subtype == MrtType.RIB_IPV4_UNICAST_ADDPATH || subtype == MrtType.RIB_IPV6_UNICAST_ADDPATH;
    }

    /** Parses a record of a subtype {@link #handles} accepts; null when the prefix length is impossible. */
    public static RibRecord parse(int subtype, byte[] body) {
        boolean v6 = subtype == MrtType.RIB_IPV6_UNICAST || subtype == MrtType.RIB_IPV6_UNICAST_ADDPATH;
        boolean addPath = subtype == MrtType.RIB_IPV4_UNICAST_ADDPATH || subtype == MrtType.RIB_IPV6_UNICAST_ADDPATH;
        LenientCursor c = LenientCursor.of(body);
        long sequence = c.u32();
        int length = c.u8();
        if (length > (v6 ? 128 : 32)) return null;
        IpPrefix prefix = readPrefix(c, v6, length);
        int count = c.u16();
        List<Entry> entries = new ArrayList<>(Math.min(count, 1 + c.remaining() / 8));
        for (int i = 0; i < count; i++) {
            int peer = c.u16();
            long originated = c.u32();
            long pathId = addPath ? c.u32() : 0;
            LenientCursor attrs = c.slice(c.u16());
            entries.add(new Entry(peer, originated, pathId, attrs.position(), attrs.remaining()));
        }
        return new RibRecord(sequence, prefix, addPath, entries, body);
    }

    /** Reads the (length + 7) / 8 prefix bytes and clears bits past the length. */
    static IpPrefix readPrefix(LenientCursor c, boolean v6, int length) {
        byte[] b = new byte[v6 ? 16 : 4];
        c.read(b, 0, (length + 7) / 8);
        return IpPrefix.of(IpAddress.ofBytes(b), length);
    }
}
