package org.jbgpd.mrt;

import org.jbgpd.wire.IpAddress;

/**
 * A TABLE_DUMP (version 1) record (RFC 6396 4.2): one prefix from one peer. Subtypes 1/2 are
 * IPv4/IPv6 with 2-octet ASes, 3/4 the 4-octet variants bgpdump also reads.
 *
 * @param prefix the prefix address as stored (bgpdump prints it unmasked)
 */
public record TableDumpEntry(int subtype, int view, int sequence, IpAddress prefix, int prefixLength, int status,
                             long originatedTime, IpAddress peer, long peerAs, boolean fourOctetAs,
                             int attributesOffset, int attributesLength, byte[] body) {

    public static boolean handles(int subtype) {
        return subtype >= MrtType.TD_AFI_IPV4 && subtype <= MrtType.TD_AFI_IPV6_AS4;
    }

    public static TableDumpEntry parse(int subtype, byte[] body) {
        boolean v6 = subtype == MrtType.TD_AFI_IPV6 || subtype == MrtType.TD_AFI_IPV6_AS4;
        boolean as4 = subtype == MrtType.TD_AFI_IPV4_AS4 || subtype == MrtType.TD_AFI_IPV6_AS4;
        LenientCursor c = LenientCursor.of(body);
        int view = c.u16();
        int sequence = c.u16();
        IpAddress prefix = v6 ? PeerIndexTable.readV6(c) : IpAddress.ofV4((int) c.u32());
        int length = c.u8();
        int status = c.u8();
        long originated = c.u32();
        IpAddress peer = v6 ? PeerIndexTable.readV6(c) : IpAddress.ofV4((int) c.u32());
        long peerAs = c.asn(as4 ? 4 : 2);
        LenientCursor attrs = c.slice(c.u16());
        return new TableDumpEntry(subtype, view, sequence, prefix, length, status, originated, peer, peerAs, as4,
                attrs.position(), attrs.remaining(), body);
    }
}
