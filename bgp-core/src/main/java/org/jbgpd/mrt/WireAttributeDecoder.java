package org.jbgpd.mrt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.CodecOptions;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.MpNextHop;
import org.jbgpd.wire.PathAttributeDecoder;
import org.jbgpd.wire.PathAttributes;
import org.jbgpd.wire.PrefixBatch;
import org.jbgpd.wire.RawAttribute;

/**
 * The {@link MrtAttributeDecoder} backed by the codec in {@code org.jbgpd.wire}: the codec
 * decodes, this class only restates the result in bgpdump's terms.
 */
public final class WireAttributeDecoder implements MrtAttributeDecoder {
    private static final Set<Family> ALL = Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST);

    @Override
    public LineAttributes attributes(byte[] buf, int offset, int length, boolean fourOctetAs) {
        // The RIB family only matters for an abbreviated MP_REACH_NLRI, which carries a next hop
        // of its own length; IPv6 is what bgpdump assumes for it.
        PathAttributeDecoder.Result r = PathAttributeDecoder.decode(Unpooled.wrappedBuffer(buf, offset, length), fourOctetAs, Family.IPV6_UNICAST);
        List<MpNlri> reach = new ArrayList<>(1);
        MpNextHop nh = r.attributes().mpNextHop();
        if (nh != null && !nh.global().isV4() && (r.mpReach() == null || r.mpReach().family() == Family.IPV6_UNICAST)) {
            reach.add(new MpNlri(2, 1, nh.global(), List.of()));
        }
        return lineAttributes(r.attributes(), reach, List.of());
    }

    /**
     * Splits the UPDATE the way bgpdump does (each length field cut to what the message holds)
     * and has the codec decode the parts: the attribute block with {@link PathAttributeDecoder},
     * the prefix lists with {@link org.jbgpd.wire.Nlri#read}. Unlike a session, which must reset
     * on a malformed UPDATE, a dump reader prints what is readable (ADR 0020).
     */
    @Override
    public UpdateLines update(byte[] buf, int offset, int length, boolean fourOctetAs, boolean addPath) {
        LenientCursor c = new LenientCursor(buf, offset, length);
        c.skip(19); // marker, length, type: checked by the MRT framing
        LenientCursor withdrawn = c.slice(c.u16());
        LenientCursor attributes = c.slice(c.u16());
        LenientCursor nlri = c.slice(c.remaining());
        PathAttributeDecoder.Result r = PathAttributeDecoder.decode(wrap(attributes),
                new CodecOptions(fourOctetAs, true, addPath ? ALL : Set.of()), null);
        PathAttributes a = r.attributes();
        List<MpNlri> reach = new ArrayList<>(1);
        List<MpNlri> unreach = new ArrayList<>(1);
        if (r.mpReach() != null && a.mpNextHop() != null) {
            PrefixBatch b = r.mpReach();
            reach.add(new MpNlri(b.family().afi(), b.family().safi(), a.mpNextHop().global(), nlri(b)));
        }
        if (r.mpUnreach() != null) {
            PrefixBatch b = r.mpUnreach();
            unreach.add(new MpNlri(b.family().afi(), b.family().safi(), null, nlri(b)));
        }
        for (RawAttribute raw : a.unknown()) otherFamily(raw, addPath, reach, unreach);
        return new UpdateLines(prefixes(wrap(withdrawn), Family.IPV4_UNICAST, addPath), lineAttributes(a, reach, unreach),
                prefixes(wrap(nlri), Family.IPV4_UNICAST, addPath));
    }

    private static ByteBuf wrap(LenientCursor c) {
        return Unpooled.wrappedBuffer(c.array(), c.position(), c.remaining());
    }

    /**
     * The prefixes of an NLRI field; when its last prefix is cut short, the complete ones before
     * it (bgpdump prints those). A prefix takes at most 21 octets (path id, length, 16 address
     * octets), so the last complete one ends within that many octets of the end.
     */
    private static List<Nlri> prefixes(ByteBuf field, Family family, boolean addPath) {
        int end = field.writerIndex();
        for (int cut = end; cut >= Math.max(field.readerIndex(), end - 21); cut--) {
            PrefixBatch b = org.jbgpd.wire.Nlri.read(field.slice(field.readerIndex(), cut - field.readerIndex()), family, addPath);
            if (b != null) return nlri(b);
        }
        return List.of();
    }

    /**
     * MP_REACH_NLRI / MP_UNREACH_NLRI of a family jbgpd does not route, which the codec keeps raw:
     * bgpdump prints AFI 1/2 with SAFI 1..3 (multicast too), reading a next hop of 4 octets for
     * IPv4 and 16 (or 32, global first) for IPv6, skipping SNPAs, then the prefixes.
     */
    private static void otherFamily(RawAttribute raw, boolean addPath, List<MpNlri> reach, List<MpNlri> unreach) {
        boolean isReach = raw.code() == PathAttributes.MP_REACH_NLRI;
        if (!isReach && raw.code() != PathAttributes.MP_UNREACH_NLRI) return;
        ByteBuf v = Unpooled.wrappedBuffer(raw.value());
        if (v.readableBytes() < 3) return;
        int afi = v.readUnsignedShort();
        int safi = v.readUnsignedByte();
        if (afi < 1 || afi > 2 || safi < 1 || safi > 3) return;
        if ((isReach ? reach(reach, afi, safi) : reach(unreach, afi, safi)) != null) return; // bgpdump keeps the first
        Family encoding = afi == 1 ? Family.IPV4_UNICAST : Family.IPV6_UNICAST;
        IpAddress nextHop = null;
        if (isReach) {
            if (!v.isReadable()) return;
            int nhLen = v.readUnsignedByte();
            int read = afi == 1 ? 4 : nhLen == 32 ? 32 : 16;
            if (v.readableBytes() < read + 1) return;
            nextHop = afi == 1 ? IpAddress.ofV4(v.getInt(v.readerIndex())) : IpAddress.ofV6(v.getLong(v.readerIndex()), v.getLong(v.readerIndex() + 8));
            v.skipBytes(read);
            int snpas = v.readUnsignedByte();
            for (int i = 0; i < snpas && v.isReadable(); i++) v.skipBytes(Math.min(v.readUnsignedByte(), v.readableBytes()));
        }
        PrefixBatch prefixes = org.jbgpd.wire.Nlri.read(v, encoding, addPath);
        (isReach ? reach : unreach).add(new MpNlri(afi, safi, nextHop, nlri(prefixes)));
    }

    private static MpNlri reach(List<MpNlri> list, int afi, int safi) {
        for (MpNlri m : list) if (m.afi() == afi && m.safi() == safi) return m;
        return null;
    }

    private static LineAttributes lineAttributes(PathAttributes a, List<MpNlri> reach, List<MpNlri> unreach) {
        return new LineAttributes(
                a.asPath() == null ? "" : BgpdumpAsPath.text(segments(a.asPath())),
                a.origin() == null ? -1 : a.origin().code(),
                a.nextHop() == null ? -1 : a.nextHop().v4(),
                a.localPref(),
                a.med(),
                a.hasCommunities() ? BgpdumpCommunities.text(a.communities()) : null,
                a.atomicAggregate(),
                a.aggregator() == null ? 0 : a.aggregator().asNumber(),
                a.aggregator() == null ? -1 : a.aggregator().address().v4(),
                reach,
                unreach);
    }

    private static List<BgpdumpAsPath.Segment> segments(AsPath path) {
        List<BgpdumpAsPath.Segment> out = new ArrayList<>(path.segments().size());
        for (AsPath.Segment s : path.segments()) {
            long[] asns = new long[s.size()];
            for (int i = 0; i < asns.length; i++) asns[i] = s.asn(i);
            out.add(new BgpdumpAsPath.Segment(s.type(), asns));
        }
        return out;
    }

    private static List<Nlri> nlri(PrefixBatch b) {
        if (b == null || b.isEmpty()) return List.of();
        List<Nlri> out = new ArrayList<>(b.size());
        for (int i = 0; i < b.size(); i++) out.add(new Nlri(b.prefix(i), b.pathId(i) & 0xffff_ffffL));
        return out;
    }

}
