package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits announcements and withdrawals into as few UPDATEs as fit the negotiated message size
 * (4096, or 65535 with extended messages), so that {@link MessageEncoder} never has to refuse
 * one. The attribute block is measured once per call by encoding it; each prefix then costs its
 * NLRI octets.
 */
public final class UpdatePacker {

    private final CodecOptions options;

    public UpdatePacker(CodecOptions options) {
        this.options = options;
    }

    /**
     * UPDATEs that together announce {@code prefixes} with {@code attributes}, in order:
     * IPv4 with a NEXT_HOP and no MP next hop in the conventional NLRI, anything else in
     * MP_REACH_NLRI (as {@link Update#announce}).
     *
     * @throws IllegalArgumentException when the attributes alone leave no room for a prefix
     */
    public List<Update> announce(PathAttributes attributes, PrefixBatch prefixes) {
        if (prefixes.isEmpty()) return List.of();
        Update empty = Update.announce(attributes, prefixes.slice(0, 0));
        boolean mp = empty.mpReach() != null;
        // MP_REACH's length may grow from one octet to two once the prefixes are in: reserve it.
        int base = encodedSize(empty) + (mp ? 1 : 0);
        List<Update> out = new ArrayList<>();
        for (PrefixBatch part : split(prefixes, base)) out.add(Update.announce(attributes, part));
        return out;
    }

    /** UPDATEs that together withdraw {@code prefixes}: IPv4 in the conventional field, IPv6 in MP_UNREACH_NLRI. */
    public List<Update> withdraw(PrefixBatch prefixes) {
        if (prefixes.isEmpty()) return List.of();
        int base = encodedSize(Update.withdraw(prefixes.slice(0, 0)))
                + (prefixes.family() == Family.IPV4_UNICAST ? 0 : 1); // MP_UNREACH's length may need two octets
        List<Update> out = new ArrayList<>();
        for (PrefixBatch part : split(prefixes, base)) out.add(Update.withdraw(part));
        return out;
    }

    private List<PrefixBatch> split(PrefixBatch prefixes, int base) {
        int room = options.maxMessageLength() - base;
        List<PrefixBatch> parts = new ArrayList<>();
        int from = 0, used = 0;
        for (int i = 0; i < prefixes.size(); i++) {
            int len = prefixes.encodedLength(i);
            if (len > room) throw new IllegalArgumentException("the attributes leave " + room + " octets, a prefix needs " + len);
            if (used + len > room) {
                parts.add(prefixes.slice(from, i));
                from = i;
                used = 0;
            }
            used += len;
        }
        parts.add(from == 0 ? prefixes : prefixes.slice(from, prefixes.size()));
        return parts;
    }

    private int encodedSize(Update u) {
        ByteBuf b = Unpooled.buffer(256);
        try {
            // Measured without the size limit: an oversized attribute block is reported by split().
            new MessageEncoder(new CodecOptions(options.fourOctetAs(), true, options.addPath())).encode(u, b);
            return b.readableBytes();
        } finally {
            b.release();
        }
    }
}
