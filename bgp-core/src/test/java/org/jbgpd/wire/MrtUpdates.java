package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The smallest MRT walk the codec's tests need: the BGP messages of BGP4MP / BGP4MP_ET records
 * (RFC 6396 §4.4, RFC 8050 add-path subtypes) with the codec options their subtype implies.
 * The real MRT reader lives in org.jbgpd.mrt; this keeps the codec's tests independent of it.
 */
record MrtUpdates(List<ByteBuf> messages, List<CodecOptions> options) {

    static MrtUpdates read(InputStream gz) throws IOException {
        byte[] all;
        try (InputStream in = new GZIPInputStream(gz)) {
            all = in.readAllBytes();
        }
        ByteBuf b = Unpooled.wrappedBuffer(all);
        List<ByteBuf> messages = new ArrayList<>();
        List<CodecOptions> options = new ArrayList<>();
        Set<Family> both = Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST);
        while (b.readableBytes() >= 12) {
            int type = b.getUnsignedShort(b.readerIndex() + 4);
            int subtype = b.getUnsignedShort(b.readerIndex() + 6);
            int length = (int) b.getUnsignedInt(b.readerIndex() + 8);
            int body = b.readerIndex() + 12;
            b.skipBytes(12 + length);
            if (type == 17) { body += 4; length -= 4; } // BGP4MP_ET: microseconds first
            if (type != 16 && type != 17) continue;
            boolean as4 = switch (subtype) { case 4, 7, 9, 11 -> true; case 1, 6, 8, 10 -> false; default -> false; };
            boolean addPath = subtype >= 8 && subtype <= 11;
            if (!(subtype == 1 || subtype == 4 || (subtype >= 6 && subtype <= 11))) continue; // state changes
            int asLen = as4 ? 4 : 2;
            int afi = b.getUnsignedShort(body + 2 * asLen + 2);
            int ipLen = afi == 2 ? 16 : 4;
            int msg = body + 2 * asLen + 4 + 2 * ipLen;
            messages.add(b.slice(msg, body + length - msg));
            options.add(new CodecOptions(as4, true, addPath ? both : Set.of()));
        }
        return new MrtUpdates(messages, options);
    }
}
