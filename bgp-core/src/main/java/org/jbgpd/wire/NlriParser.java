package org.jbgpd.wire;

import io.netty.buffer.ByteBuf;

/**
 * Parses an NLRI field (RFC 4271 §4.3, RFC 4760 §5, RFC 7911 §3) into a {@link PrefixBatch}.
 * Two passes over the buffer: the first validates and counts, the second fills arrays of exactly
 * the right size, so one batch costs a handful of allocations however many prefixes it holds.
 * Bits past a prefix's length are cleared.
 */
final class NlriParser {

    private NlriParser() {}

    /**
     * @throws MalformedMessage 3/10 (Invalid Network Field) when a prefix length exceeds the
     *         family's maximum or a prefix overruns {@code end}
     */
    static PrefixBatch parse(ByteBuf b, int pos, int end, Family family, boolean addPath) throws MalformedMessage {
        if (family == Family.IPV4_UNICAST && b.hasArray()) {
            int offset = b.arrayOffset();
            return parseV4(b.array(), offset + pos, offset + end, addPath);
        }
        int maxBits = family.addressBits();
        int idLen = addPath ? 4 : 0;
        int count = 0;
        for (int p = pos; p < end; ) {
            if (p + idLen + 1 > end) throw invalid(family, "prefix header truncated");
            int len = b.getUnsignedByte(p + idLen);
            if (len > maxBits) throw invalid(family, "prefix length " + len + " exceeds " + maxBits);
            p += idLen + 1 + ((len + 7) >>> 3);
            if (p > end) throw invalid(family, "prefix of length " + len + " overruns the field");
            count++;
        }
        if (count == 0) return PrefixBatch.empty(family);
        int[] ids = addPath ? new int[count] : null;
        if (family == Family.IPV4_UNICAST) {
            long[] words = new long[count];
            int p = pos;
            for (int i = 0; i < count; i++) {
                if (addPath) {
                    ids[i] = b.getInt(p);
                    p += 4;
                }
                int len = b.getUnsignedByte(p++);
                int octets = (len + 7) >>> 3;
                int addr = switch (octets) {
                    case 0 -> 0;
                    case 1 -> b.getUnsignedByte(p) << 24;
                    case 2 -> b.getUnsignedShort(p) << 16;
                    case 3 -> b.getUnsignedMedium(p) << 8;
                    default -> b.getInt(p);
                };
                p += octets;
                words[i] = IpPrefix.packV4(addr & PrefixBatch.maskV4(len), len);
            }
            return new PrefixBatch(family, count, words, null, ids);
        }
        long[] words = new long[2 * count];
        byte[] lens = new byte[count];
        int p = pos;
        for (int i = 0; i < count; i++) {
            if (addPath) {
                ids[i] = b.getInt(p);
                p += 4;
            }
            int len = b.getUnsignedByte(p++);
            int octets = (len + 7) >>> 3;
            long hi = 0, lo = 0;
            for (int k = 0; k < octets; k++) {
                long v = b.getUnsignedByte(p + k);
                if (k < 8) hi |= v << (56 - 8 * k);
                else lo |= v << (56 - 8 * (k - 8));
            }
            p += octets;
            long hiMask = len >= 64 ? -1L : len == 0 ? 0 : -1L << (64 - len);
            long loMask = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
            words[2 * i] = hi & hiMask;
            words[2 * i + 1] = lo & loMask;
            lens[i] = (byte) len;
        }
        return new PrefixBatch(family, count, words, lens, ids);
    }

    /**
     * {@link #parse} of IPv4 NLRI from an array (the session decodes from a heap copy of each message, ADR 0101):
     * the same checks, messages and result, with array loads instead of a buffer's call chain per octet.
     */
    private static PrefixBatch parseV4(byte[] b, int pos, int end, boolean addPath) throws MalformedMessage {
        Family family = Family.IPV4_UNICAST;
        int idLen = addPath ? 4 : 0;
        int count = 0;
        for (int p = pos; p < end; ) {
            if (p + idLen + 1 > end) throw invalid(family, "prefix header truncated");
            int len = b[p + idLen] & 0xff;
            if (len > 32) throw invalid(family, "prefix length " + len + " exceeds 32");
            p += idLen + 1 + ((len + 7) >>> 3);
            if (p > end) throw invalid(family, "prefix of length " + len + " overruns the field");
            count++;
        }
        if (count == 0) return PrefixBatch.empty(family);
        if (count == 1 && !addPath) return new PrefixBatch(packedV4(b, pos)); // no long[1] (ADR 0121)
        int[] ids = addPath ? new int[count] : null;
        long[] words = new long[count];
        int p = pos;
        for (int i = 0; i < count; i++) {
            if (addPath) {
                ids[i] = (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
                p += 4;
            }
            words[i] = packedV4(b, p);
            p += 1 + ((b[p] & 0xff) + 7 >>> 3);
        }
        return new PrefixBatch(family, count, words, null, ids);
    }

    /** The prefix whose length octet is at {@code p} (checked by the first pass), packed and with the bits past its length cleared. */
    private static long packedV4(byte[] b, int p) {
        int len = b[p++] & 0xff;
        int octets = (len + 7) >>> 3;
        int addr = 0;
        for (int k = 0; k < octets; k++) addr |= (b[p + k] & 0xff) << (24 - 8 * k);
        return IpPrefix.packV4(addr & PrefixBatch.maskV4(len), len);
    }

    private static MalformedMessage invalid(Family family, String why) {
        return new MalformedMessage(Notification.UPDATE_MESSAGE_ERROR, Notification.INVALID_NETWORK_FIELD, family.configName() + " NLRI: " + why);
    }
}
