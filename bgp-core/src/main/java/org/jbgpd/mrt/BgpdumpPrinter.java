package org.jbgpd.mrt;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.jbgpd.wire.IpAddress;

/**
 * Prints MRT records as {@code bgpdump -m} does: one line per route, field for field, including
 * bgpdump's quirks (ADR 0020). Records it has no line for (OPEN, KEEPALIVE, PEER_INDEX_TABLE,
 * multicast RIBs, ...) print nothing, as in bgpdump. Keeps only the last PEER_INDEX_TABLE.
 */
public final class BgpdumpPrinter {
    private static final int[] SAFIS = {1, 2, 3};

    private final MrtAttributeDecoder decoder;
    private final Appendable out;
    private final Consumer<String> warnings;
    private final StringBuilder line = new StringBuilder(512);
    private PeerIndexTable peerIndex;

    /**
     * @param warnings receives one message per record or entry that cannot be printed the way
     *                 bgpdump would (bgpdump logs those too)
     */
    public BgpdumpPrinter(MrtAttributeDecoder decoder, Appendable out, Consumer<String> warnings) {
        this.decoder = decoder;
        this.out = out;
        this.warnings = warnings;
    }

    public void print(MrtRecord r) throws IOException {
        switch (r.type()) {
            case MrtType.TABLE_DUMP_V2 -> tableDumpV2(r);
            case MrtType.TABLE_DUMP -> tableDump(r);
            case MrtType.BGP4MP, MrtType.BGP4MP_ET -> bgp4mp(r);
            default -> { } // bgpdump prints no -m line for other types
        }
    }

    // ---- TABLE_DUMP_V2 ---------------------------------------------------------------------

    private void tableDumpV2(MrtRecord r) throws IOException {
        if (r.subtype() == MrtType.PEER_INDEX_TABLE) {
            peerIndex = PeerIndexTable.parse(r.body());
            return;
        }
        if (!RibRecord.handles(r.subtype())) return;
        RibRecord rib = RibRecord.parse(r.subtype(), r.body());
        if (rib == null) {
            warn(r, "prefix length out of range, record skipped");
            return;
        }
        for (RibRecord.Entry e : rib.entries()) {
            if (peerIndex == null || e.peerIndex() >= peerIndex.peers().size()) {
                warn(r, "RIB entry names peer " + e.peerIndex() + " that no PEER_INDEX_TABLE defines, entry skipped");
                continue;
            }
            PeerIndexTable.Peer peer = peerIndex.peers().get(e.peerIndex());
            LineAttributes a = decoder.attributes(rib.body(), e.attributesOffset(), e.attributesLength(), true);
            line.setLength(0);
            line.append(rib.addPath() ? "TABLE_DUMP2_AP|" : "TABLE_DUMP2|").append(r.timestamp()).append("|B|");
            BgpdumpAddress.append(line, peer.address()).append('|').append(peer.asn()).append('|');
            BgpdumpAddress.append(line, rib.prefix().address()).append('/').append(rib.prefix().length()).append('|');
            if (rib.addPath()) line.append(e.pathId()).append('|');
            routeTail(a, tableNextHop(a), false);
            emit();
        }
    }

    // ---- TABLE_DUMP ------------------------------------------------------------------------

    private void tableDump(MrtRecord r) throws IOException {
        if (!TableDumpEntry.handles(r.subtype())) return;
        TableDumpEntry t = TableDumpEntry.parse(r.subtype(), r.body());
        LineAttributes a = decoder.attributes(t.body(), t.attributesOffset(), t.attributesLength(), t.fourOctetAs());
        // bgpdump writes IPv6 only for subtype 2; for subtype 4 it writes the first 4 bytes as IPv4.
        boolean v6Text = r.subtype() == MrtType.TD_AFI_IPV6;
        line.setLength(0);
        line.append("TABLE_DUMP|").append(r.timestamp()).append("|B|");
        appendAs(t.peer(), v6Text).append('|').append(t.peerAs()).append('|');
        appendAs(t.prefix(), v6Text).append('/').append(t.prefixLength()).append('|');
        routeTail(a, tableNextHop(a), false);
        emit();
    }

    /** A RIB line's next hop: the IPv6 MP_REACH next hop when there is one, else NEXT_HOP. */
    private static IpAddress tableNextHop(LineAttributes a) {
        MpNlri v6 = a.reach(2, 1);
        return v6 != null && v6.nextHop() != null ? v6.nextHop() : IpAddress.ofV4(a.nextHop());
    }

    // ---- BGP4MP -----------------------------------------------------------------------------

    private void bgp4mp(MrtRecord r) throws IOException {
        if (r.subtype() == MrtType.STATE_CHANGE || r.subtype() == MrtType.STATE_CHANGE_AS4) {
            stateChange(r);
        } else if (Bgp4mpMessage.handles(r.subtype())) {
            message(r);
        }
    }

    private void stateChange(MrtRecord r) throws IOException {
        Bgp4mpStateChange s = Bgp4mpStateChange.parse(r.subtype(), r.body());
        if (s == null) {
            warn(r, "state change with unknown address family or bad length, skipped");
            return;
        }
        line.setLength(0);
        line.append(r.extendedTimestamp() ? "BGP4MP_ET|" : "BGP4MP|");
        time(r).append("|STATE|");
        appendAs(s.peerIp(), s.afi() == 2).append('|').append(s.peerAs()).append('|')
                .append(s.oldState()).append('|').append(s.newState());
        emit();
    }

    private void message(MrtRecord r) throws IOException {
        Bgp4mpMessage m = Bgp4mpMessage.parse(r.subtype(), r.body());
        if (m == null) {
            warn(r, "BGP4MP message with unknown address family or bad marker, skipped");
            return;
        }
        if (m.messageType() != 2) return; // -m prints only UPDATEs
        UpdateLines u = decoder.update(m.record(), m.messageOffset(), m.messageLength(), m.fourOctetAs(), m.addPath());
        if (u == null) {
            warn(r, "UPDATE could not be decoded, skipped");
            return;
        }
        String head = formatName(r, m);
        LineAttributes a = u.attributes();
        for (Nlri n : u.withdrawn()) withdrawLine(r, m, head, n, false);
        for (int afi = 1; afi <= 2; afi++) {
            for (int safi : SAFIS) {
                MpNlri w = a.unreach(afi, safi);
                if (w == null) continue;
                for (Nlri n : w.prefixes()) withdrawLine(r, m, head, n, afi == 2);
            }
        }
        for (Nlri n : u.announced()) announceLine(r, m, head, n, a, IpAddress.ofV4(a.nextHop()), false);
        for (int afi = 1; afi <= 2; afi++) {
            for (int safi : SAFIS) {
                MpNlri reach = a.reach(afi, safi);
                if (reach == null) continue;
                IpAddress nh = reach.nextHop() != null ? reach.nextHop() : IpAddress.ofV4(0);
                for (Nlri n : reach.prefixes()) announceLine(r, m, head, n, a, nh, afi == 1);
            }
        }
    }

    private void withdrawLine(MrtRecord r, Bgp4mpMessage m, String head, Nlri n, boolean v6Prefix) throws IOException {
        line.setLength(0);
        line.append(head);
        time(r).append("|W|");
        boolean v6Peer = m.afi() == 2;
        if (v6Prefix && m.bgpdumpLocal() && !v6Peer) {
            // bgpdump writes the IPv4 peer of a sent IPv6 withdrawal as an IPv6 address.
            appendAs(m.shownIp(), true);
        } else {
            appendAs(m.shownIp(), v6Peer);
        }
        line.append('|').append(m.shownAs()).append('|');
        BgpdumpAddress.append(line, n.prefix().address()).append('/').append(n.prefix().length());
        if (m.addPath()) line.append('|').append(n.pathId());
        emit();
    }

    private void announceLine(MrtRecord r, Bgp4mpMessage m, String head, Nlri n, LineAttributes a, IpAddress nextHop,
                              boolean signedPrefAndMed) throws IOException {
        line.setLength(0);
        line.append(head);
        time(r).append("|A|");
        appendAs(m.shownIp(), m.afi() == 2).append('|').append(m.shownAs()).append('|');
        BgpdumpAddress.append(line, n.prefix().address()).append('/').append(n.prefix().length()).append('|');
        if (m.addPath()) line.append(n.pathId()).append('|');
        routeTail(a, nextHop, signedPrefAndMed);
        emit();
    }

    private static String formatName(MrtRecord r, Bgp4mpMessage m) {
        String name = r.extendedTimestamp() ? "BGP4MP_ET" : "BGP4MP";
        if (m.bgpdumpLocal()) name += "_LOCAL";
        if (m.addPath()) name += "_AP";
        return name + "|";
    }

    private StringBuilder time(MrtRecord r) {
        line.append(r.timestamp());
        if (r.extendedTimestamp()) {
            String us = Integer.toUnsignedString(r.microseconds());
            line.append('.');
            for (int i = us.length(); i < 6; i++) line.append('0');
            line.append(us);
        }
        return line;
    }

    // ---- shared -----------------------------------------------------------------------------

    /** aspath|origin|nexthop|localpref|med|communities|AG|aggregator| */
    private void routeTail(LineAttributes a, IpAddress nextHop, boolean signedPrefAndMed) {
        line.append(a.asPath()).append('|').append(origin(a.origin())).append('|');
        BgpdumpAddress.append(line, nextHop).append('|');
        long pref = Math.max(a.localPref(), 0), med = Math.max(a.med(), 0);
        // For IPv4 MP_REACH routes bgpdump formats both with %d.
        line.append(signedPrefAndMed ? (int) pref : pref).append('|').append(signedPrefAndMed ? (int) med : med).append('|');
        if (a.communities() != null) line.append(a.communities());
        line.append('|').append(a.atomicAggregate() ? "AG" : "NAG").append('|');
        if (a.hasAggregator()) {
            line.append(a.aggregatorAs()).append(' ');
            BgpdumpAddress.appendV4(line, a.aggregatorAddress());
        }
        line.append('|');
    }

    private static String origin(int origin) {
        return switch (origin) {
            case 0 -> "IGP";
            case 1 -> "EGP";
            default -> "INCOMPLETE";
        };
    }

    /** An address as IPv6 text or, when {@code v6} is false, as the dotted quad of its first 4 bytes. */
    private StringBuilder appendAs(IpAddress a, boolean v6) {
        if (v6 && !a.isV4()) return BgpdumpAddress.appendV6(line, a.hi(), a.lo());
        if (!v6 && !a.isV4()) return BgpdumpAddress.appendV4(line, (int) (a.hi() >>> 32));
        if (v6) return BgpdumpAddress.appendV6(line, (a.hi() & 0xffff_ffffL) << 32, 0);
        return BgpdumpAddress.appendV4(line, a.v4());
    }

    private void emit() throws IOException {
        line.append('\n');
        out.append(line);
    }

    private void warn(MrtRecord r, String what) {
        warnings.accept("record " + r.index() + " at offset " + r.offset() + ": " + what);
    }
}
