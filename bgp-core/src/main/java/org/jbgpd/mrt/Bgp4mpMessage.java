package org.jbgpd.mrt;

import org.jbgpd.wire.IpAddress;

/**
 * A BGP4MP(_ET) MESSAGE record in any of its subtypes (RFC 6396 4.4.2/4.4.3, the _LOCAL ones of
 * 4.4.5/4.4.6 and the RFC 8050 _ADDPATH ones): the MRT header fields and where the BGP message is.
 *
 * @param peerAs the first AS field (the peer for received messages; bgpdump prints it in both directions)
 * @param messageType BGP message type (2 = UPDATE)
 * @param messageOffset where the BGP message (marker first) starts in {@code record}
 * @param messageLength its length as far as both the BGP length field and the record allow
 */
public record Bgp4mpMessage(int subtype, long peerAs, long localAs, int interfaceIndex, int afi,
                            IpAddress peerIp, IpAddress localIp, int messageType,
                            byte[] record, int messageOffset, int messageLength) {

    public static boolean handles(int subtype) {
        return subtype == MrtType.MESSAGE || subtype == MrtType.MESSAGE_AS4
                || (subtype >= MrtType.MESSAGE_LOCAL && subtype <= MrtType.MESSAGE_AS4_LOCAL_ADDPATH);
    }

    public boolean fourOctetAs() {
        return subtype == MrtType.MESSAGE_AS4 || subtype == MrtType.MESSAGE_AS4_LOCAL
                || subtype == MrtType.MESSAGE_AS4_ADDPATH || subtype == MrtType.MESSAGE_AS4_LOCAL_ADDPATH;
    }

    public boolean addPath() {
        return subtype >= MrtType.MESSAGE_ADDPATH && subtype <= MrtType.MESSAGE_AS4_LOCAL_ADDPATH;
    }

    /** Sent by the collector itself rather than received from the peer. */
    public boolean local() {
        return subtype == MrtType.MESSAGE_LOCAL || subtype == MrtType.MESSAGE_AS4_LOCAL
                || subtype == MrtType.MESSAGE_LOCAL_ADDPATH || subtype == MrtType.MESSAGE_AS4_LOCAL_ADDPATH;
    }

    /**
     * What bgpdump calls a local message: only subtypes 6 and 7. It reads the _LOCAL_ADDPATH
     * subtypes' fields as local but labels and prints them as received ones (ADR 0020).
     */
    public boolean bgpdumpLocal() {
        return subtype == MrtType.MESSAGE_LOCAL || subtype == MrtType.MESSAGE_AS4_LOCAL;
    }

    /** The address bgpdump prints as the peer: the second one for the _LOCAL_ADDPATH subtypes. */
    public IpAddress shownIp() {
        return local() && !bgpdumpLocal() ? localIp : peerIp;
    }

    /** The AS bgpdump prints as the peer's (see {@link #shownIp()}). */
    public long shownAs() {
        return local() && !bgpdumpLocal() ? localAs : peerAs;
    }

    /**
     * Parses the record, or returns null for what bgpdump drops: an unknown AFI or a BGP marker
     * that is not all ones.
     */
    public static Bgp4mpMessage parse(int subtype, byte[] body) {
        int width = subtype == MrtType.MESSAGE_AS4 || subtype == MrtType.MESSAGE_AS4_LOCAL
                || subtype == MrtType.MESSAGE_AS4_ADDPATH || subtype == MrtType.MESSAGE_AS4_LOCAL_ADDPATH ? 4 : 2;
        LenientCursor c = LenientCursor.of(body);
        long peerAs = c.asn(width);
        long localAs = c.asn(width);
        int ifIndex = c.u16();
        int afi = c.u16();
        IpAddress peer, local;
        int markerOnes = 0;
        switch (afi) {
            case 1 -> {
                peer = IpAddress.ofV4((int) c.u32());
                local = IpAddress.ofV4((int) c.u32());
            }
            case 2 -> {
                peer = PeerIndexTable.readV6(c);
                local = PeerIndexTable.readV6(c);
            }
            case 0xFFFF -> {
                // Old Zebra wrote OPENs without interface and addresses: the 4 bytes read as
                // interface and AFI are the start of the marker.
                if (ifIndex != 0xFFFF) return null;
                ifIndex = 0;
                afi = 1;
                peer = IpAddress.ofV4(0);
                local = IpAddress.ofV4(0);
                markerOnes = 4;
            }
            default -> { return null; }
        }
        int messageOffset = c.position() - markerOnes;
        for (int i = markerOnes; i < 16; i++) {
            if (c.u8() != 0xff) return null;
        }
        int size = c.u16();
        LenientCursor message = c.slice(size - 18 < 0 ? Integer.MAX_VALUE : size - 18);
        int type = message.u8();
        return new Bgp4mpMessage(subtype, peerAs, localAs, ifIndex, afi, peer, local, type,
                body, messageOffset, message.position() + message.remaining() - messageOffset);
    }
}
