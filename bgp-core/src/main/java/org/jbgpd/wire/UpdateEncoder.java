package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes UPDATE messages strictly: MP_REACH_NLRI and MP_UNREACH_NLRI first (RFC 7606 §5.1),
 * then the other attributes in type code order, uninterpreted ones last in their original order;
 * every length computed from what was written. On a 2-octet AS session AS numbers above 65535
 * become AS_TRANS with AS4_PATH / AS4_AGGREGATOR beside them (RFC 6793 §4.2.2).
 */
final class UpdateEncoder {

    private static final int O = RawAttribute.OPTIONAL;
    private static final int T = RawAttribute.TRANSITIVE;

    private UpdateEncoder() {}

    static void write(Update u, ByteBuf out, CodecOptions options) {
        MessageEncoder.writeHeader(out, BgpMessage.TYPE_UPDATE);
        int withdrawnLenAt = out.writerIndex();
        out.writeShort(0);
        writePrefixes(u.withdrawn(), out, options);
        out.setShort(withdrawnLenAt, out.writerIndex() - withdrawnLenAt - 2);
        int attrLenAt = out.writerIndex();
        out.writeShort(0);
        PathAttributes a = u.attributes();
        boolean announces = !u.nlri().isEmpty() || (u.mpReach() != null && !u.mpReach().isEmpty());
        if (announces || u.mpReach() != null) {
            if (a == null) throw new IllegalArgumentException("an announcement needs path attributes");
            if (announces && (a.origin() == null || a.asPath() == null)) throw new IllegalArgumentException("an announcement needs ORIGIN and AS_PATH");
            if (!u.nlri().isEmpty() && a.nextHop() == null) throw new IllegalArgumentException("IPv4 NLRI need a NEXT_HOP");
            if (u.mpReach() != null && a.mpNextHop() == null) throw new IllegalArgumentException("MP_REACH_NLRI needs PathAttributes.mpNextHop");
        }
        if (u.mpReach() != null) writeMpReach(u.mpReach(), a.mpNextHop(), out, options);
        if (u.mpUnreach() != null) {
            int at = begin(out, O, PathAttributes.MP_UNREACH_NLRI);
            out.writeShort(u.mpUnreach().family().afi()).writeByte(u.mpUnreach().family().safi());
            writePrefixes(u.mpUnreach(), out, options);
            end(out, at);
        }
        if (a != null) {
            for (RawAttribute r : a.unknown()) if (PathAttributes.isMultiprotocol(r.code())) writeRaw(r, out);
            writeAttributes(a, out, options.fourOctetAs());
        }
        out.setShort(attrLenAt, out.writerIndex() - attrLenAt - 2);
        writePrefixes(u.nlri(), out, options);
    }

    private static void writeMpReach(PrefixBatch p, MpNextHop nh, ByteBuf out, CodecOptions options) {
        if (p.family() == Family.IPV6_UNICAST && nh.global().isV4()) throw new IllegalArgumentException("IPv6 NLRI need an IPv6 next hop");
        int at = begin(out, O, PathAttributes.MP_REACH_NLRI);
        out.writeShort(p.family().afi()).writeByte(p.family().safi());
        out.writeByte(nh.encodedLength());
        writeAddress(nh.global(), out);
        if (nh.linkLocal() != null) writeAddress(nh.linkLocal(), out);
        out.writeByte(0); // reserved
        writePrefixes(p, out, options);
        end(out, at);
    }

    private static void writeAttributes(PathAttributes a, ByteBuf out, boolean fourOctetAs) {
        if (a.origin() != null) {
            int at = begin(out, T, PathAttributes.ORIGIN);
            out.writeByte(a.origin().code());
            end(out, at);
        }
        if (a.asPath() != null) {
            int at = begin(out, T, PathAttributes.AS_PATH);
            writeAsPath(a.asPath(), out, fourOctetAs, false);
            end(out, at);
        }
        if (a.nextHop() != null) {
            int at = begin(out, T, PathAttributes.NEXT_HOP);
            out.writeInt(a.nextHop().v4());
            end(out, at);
        }
        if (a.hasMed()) {
            int at = begin(out, O, PathAttributes.MULTI_EXIT_DISC);
            out.writeInt((int) a.med());
            end(out, at);
        }
        if (a.hasLocalPref()) {
            int at = begin(out, T, PathAttributes.LOCAL_PREF);
            out.writeInt((int) a.localPref());
            end(out, at);
        }
        if (a.atomicAggregate()) end(out, begin(out, T, PathAttributes.ATOMIC_AGGREGATE));
        boolean as4Aggregator = false;
        if (a.aggregator() != null) {
            int at = begin(out, O | T, PathAttributes.AGGREGATOR);
            long as = a.aggregator().asNumber();
            if (fourOctetAs) out.writeInt((int) as);
            else {
                as4Aggregator = as > 0xffff;
                out.writeShort(as4Aggregator ? Open.AS_TRANS : (int) as);
            }
            out.writeInt(a.aggregator().address().v4());
            end(out, at);
        }
        if (a.hasCommunities()) {
            int at = begin(out, O | T, PathAttributes.COMMUNITIES);
            for (int i = 0; i < a.communityCount(); i++) out.writeInt(a.community(i));
            end(out, at);
        }
        if (a.originatorId() != null) {
            int at = begin(out, O, PathAttributes.ORIGINATOR_ID);
            out.writeInt(a.originatorId().v4());
            end(out, at);
        }
        int[] clusterList = a.clusterList();
        if (clusterList != null) {
            int at = begin(out, O, PathAttributes.CLUSTER_LIST);
            for (int c : clusterList) out.writeInt(c);
            end(out, at);
        }
        if (a.hasExtendedCommunities()) {
            int at = begin(out, O | T, PathAttributes.EXTENDED_COMMUNITIES);
            for (int i = 0; i < a.extendedCommunityCount(); i++) out.writeLong(a.extendedCommunity(i));
            end(out, at);
        }
        if (!fourOctetAs && a.asPath() != null && a.asPath().needsFourOctets()) {
            int at = begin(out, O | T, PathAttributes.AS4_PATH);
            writeAsPath(a.asPath(), out, true, true);
            end(out, at);
        }
        if (as4Aggregator) {
            int at = begin(out, O | T, PathAttributes.AS4_AGGREGATOR);
            out.writeInt((int) a.aggregator().asNumber()).writeInt(a.aggregator().address().v4());
            end(out, at);
        }
        if (a.hasLargeCommunities()) {
            int at = begin(out, O | T, PathAttributes.LARGE_COMMUNITY);
            for (int v : a.largeCommunities()) out.writeInt(v);
            end(out, at);
        }
        for (RawAttribute r : a.unknown()) if (!PathAttributes.isMultiprotocol(r.code())) writeRaw(r, out);
    }

    private static void writeRaw(RawAttribute r, ByteBuf out) {
        int at = begin(out, r.flags(), r.code());
        out.writeBytes(r.valueNoCopy());
        end(out, at);
    }

    /**
     * Writes AS path segments. With 2-octet AS numbers, large ones become AS_TRANS; for AS4_PATH
     * ({@code as4}) confederation segments are left out (RFC 6793 §3).
     */
    private static void writeAsPath(AsPath path, ByteBuf out, boolean fourOctet, boolean as4) {
        List<AsPath.Segment> segs = as4 ? withoutConfederation(path) : path.segments();
        for (AsPath.Segment s : segs) {
            out.writeByte(s.type()).writeByte(s.size());
            for (int i = 0; i < s.size(); i++) {
                long asn = s.asn(i);
                if (fourOctet) out.writeInt((int) asn);
                else out.writeShort(asn > 0xffff ? Open.AS_TRANS : (int) asn);
            }
        }
    }

    private static List<AsPath.Segment> withoutConfederation(AsPath path) {
        List<AsPath.Segment> out = new ArrayList<>(path.segments().size());
        for (AsPath.Segment s : path.segments()) if (!s.isConfederation()) out.add(s);
        return out;
    }

    /** Writes flags, type and a placeholder length; always the 2-octet length form, fixed up in {@link #end}. */
    private static int begin(ByteBuf out, int flags, int code) {
        int at = out.writerIndex();
        out.writeByte(flags | RawAttribute.EXTENDED_LENGTH).writeByte(code).writeShort(0);
        return at;
    }

    /**
     * Sets the attribute's length. Values up to 255 octets are moved one octet back into the
     * 1-octet length form, which every implementation accepts and most send.
     */
    private static void end(ByteBuf out, int at) {
        int valueStart = at + 4;
        int len = out.writerIndex() - valueStart;
        if (len > 0xffff) throw new IllegalArgumentException("attribute " + out.getUnsignedByte(at + 1) + " of " + len + " octets");
        if (len <= 255) {
            out.setByte(at, out.getUnsignedByte(at) & ~RawAttribute.EXTENDED_LENGTH);
            out.setByte(at + 2, len);
            // Shift the value one octet left over the unused second length octet.
            for (int i = 0; i < len; i++) out.setByte(at + 3 + i, out.getByte(valueStart + i));
            out.writerIndex(out.writerIndex() - 1);
        } else {
            out.setShort(at + 2, len);
        }
    }

    static void writePrefixes(PrefixBatch p, ByteBuf out, CodecOptions options) {
        int n = p.size();
        if (n == 0) return;
        boolean ids = options.addPath(p.family());
        if (ids != p.hasPathIds()) {
            throw new IllegalArgumentException(p.family().configName() + " prefixes " + (ids ? "need" : "must not carry") + " path identifiers on this session");
        }
        if (p.family() == Family.IPV4_UNICAST) {
            for (int i = 0; i < n; i++) {
                if (ids) out.writeInt(p.pathId(i));
                long w = p.packedV4(i);
                int len = IpPrefix.packedV4Length(w);
                int addr = IpPrefix.packedV4Address(w);
                out.writeByte(len);
                switch ((len + 7) >>> 3) {
                    case 0 -> { }
                    case 1 -> out.writeByte(addr >>> 24);
                    case 2 -> out.writeShort(addr >>> 16);
                    case 3 -> out.writeMedium(addr >>> 8);
                    default -> out.writeInt(addr);
                }
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            if (ids) out.writeInt(p.pathId(i));
            int len = p.length(i);
            out.writeByte(len);
            long hi = p.v6Hi(i), lo = p.v6Lo(i);
            int octets = (len + 7) >>> 3;
            for (int k = 0; k < octets; k++) out.writeByte((int) (k < 8 ? hi >>> (56 - 8 * k) : lo >>> (56 - 8 * (k - 8))));
        }
    }

    private static void writeAddress(IpAddress a, ByteBuf out) {
        if (a.isV4()) out.writeInt(a.v4());
        else out.writeLong(a.withoutLinkScope().hi()).writeLong(a.lo()); // a scope is ours, never the wire's
    }
}
