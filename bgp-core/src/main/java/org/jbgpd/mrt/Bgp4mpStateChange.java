package org.jbgpd.mrt;

import org.jbgpd.wire.IpAddress;

/** BGP4MP(_ET) STATE_CHANGE and STATE_CHANGE_AS4 (RFC 6396 4.4.1, 4.4.4). */
public record Bgp4mpStateChange(long peerAs, long localAs, int interfaceIndex, int afi,
                                IpAddress peerIp, IpAddress localIp, int oldState, int newState) {

    /**
     * Parses a state change, or returns null for what bgpdump drops: an unknown AFI or a length
     * that fits neither AS width. An 8-byte record (an old Zebra bug) has only ASes and states.
     */
    public static Bgp4mpStateChange parse(int subtype, byte[] body) {
        int width = subtype == MrtType.STATE_CHANGE_AS4 ? 4 : 2;
        LenientCursor c = LenientCursor.of(body);
        long peerAs = c.asn(width);
        long localAs = c.asn(width);
        if (body.length == 8) {
            int oldState = c.u16();
            return new Bgp4mpStateChange(peerAs, localAs, 0, 1, IpAddress.ofV4(0), IpAddress.ofV4(0), oldState, c.u16());
        }
        int ifIndex = c.u16();
        int afi = c.u16();
        IpAddress peer, local;
        switch (afi) {
            case 1 -> {
                if (body.length != 20 && body.length != 24) return null;
                peer = IpAddress.ofV4((int) c.u32());
                local = IpAddress.ofV4((int) c.u32());
            }
            case 2 -> {
                if (body.length != 44 && body.length != 48) return null;
                peer = PeerIndexTable.readV6(c);
                local = PeerIndexTable.readV6(c);
            }
            default -> { return null; }
        }
        int oldState = c.u16();
        return new Bgp4mpStateChange(peerAs, localAs, ifIndex, afi, peer, local, oldState, c.u16());
    }
}
