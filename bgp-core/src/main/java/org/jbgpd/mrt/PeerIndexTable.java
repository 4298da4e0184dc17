package org.jbgpd.mrt;

import java.util.ArrayList;
import java.util.List;
import org.jbgpd.wire.IpAddress;

/** TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 4.3.1): the peers that RIB entries point to by index. */
public record PeerIndexTable(int collectorBgpId, String viewName, List<Peer> peers) {

    /** One peer; {@code address} is IPv6 when the peer type's bit 0 is set. */
    public record Peer(int bgpId, IpAddress address, long asn) {}

    public static PeerIndexTable parse(byte[] body) {
        LenientCursor c = LenientCursor.of(body);
        int collector = (int) c.u32();
        int nameLength = c.u16();
        byte[] name = new byte[Math.min(nameLength, c.remaining())];
        c.read(name, 0, name.length);
        int count = c.u16();
        List<Peer> peers = new ArrayList<>(Math.min(count, 1 + c.remaining() / 11)); // the smallest entry has 11 bytes
        for (int i = 0; i < count; i++) {
            int type = c.u8();
            int bgpId = (int) c.u32();
            IpAddress address = (type & 1) != 0 ? readV6(c) : IpAddress.ofV4((int) c.u32());
            long asn = c.asn((type & 2) != 0 ? 4 : 2);
            peers.add(new Peer(bgpId, address, asn));
        }
        return new PeerIndexTable(collector, new String(name, java.nio.charset.StandardCharsets.UTF_8), List.copyOf(peers));
    }

    static IpAddress readV6(LenientCursor c) {
        long hi = c.u32() << 32 | c.u32();
        long lo = c.u32() << 32 | c.u32();
        return IpAddress.ofV6(hi, lo);
    }
}
