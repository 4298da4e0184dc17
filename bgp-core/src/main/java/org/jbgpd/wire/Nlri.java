package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;

/** Public access to the NLRI parser, for readers of prefixes outside an UPDATE (MRT, raw MP attributes). */
public final class Nlri {

    private Nlri() {}

    /**
     * Parses the readable bytes of {@code buf} as an NLRI field whose prefixes are encoded like
     * {@code encoding}'s (IPv4: up to 32 bits, IPv6: up to 128), with a 4-octet path identifier
     * before each prefix when {@code addPath}. The reader index is not moved.
     *
     * @return the prefixes, or null when the field is malformed (a length beyond the family's
     *         maximum, or a prefix that overruns the buffer)
     */
    public static PrefixBatch read(ByteBuf buf, Family encoding, boolean addPath) {
        try {
            return NlriParser.parse(buf, buf.readerIndex(), buf.writerIndex(), encoding, addPath);
        } catch (MalformedMessage e) {
            return null;
        }
    }
}
