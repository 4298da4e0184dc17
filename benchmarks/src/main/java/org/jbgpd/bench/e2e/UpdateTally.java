package org.jbgpd.bench.e2e;

/**
 * Counts what the null receiver's UPDATEs carry without keeping any of it (ADR 0111): prefixes
 * announced and withdrawn (IPv4 in the body, any family in MP_REACH_NLRI / MP_UNREACH_NLRI), and
 * End-of-RIB markers (RFC 4724: an empty IPv4 UPDATE, or one whose only attribute is an empty
 * MP_UNREACH_NLRI). Only lengths are read; no ADD-PATH, which the null receiver never offers.
 */
final class UpdateTally {
    private static final int ATTR_MP_REACH = 14;
    private static final int ATTR_MP_UNREACH = 15;
    private static final int FLAG_EXTENDED_LENGTH = 0x10;

    long announced;
    long withdrawn;
    long updates;
    long endOfRibs;

    /**
     * Adds one UPDATE body (what follows the 19-byte header). Returns true when it announced at least
     * one prefix. A body whose lengths do not add up is refused with an {@link IllegalArgumentException}
     * naming what is wrong, and nothing of it is counted.
     */
    boolean add(byte[] b, int off, int len) {
        int end = off + len;
        int p = off;
        int withdrawnLen = u16(b, p, end);
        p += 2;
        long out = prefixes(b, p, p + withdrawnLen, end, "withdrawn routes");
        p += withdrawnLen;
        int attrLen = u16(b, p, end);
        p += 2;
        int attrEnd = p + attrLen;
        if (attrEnd > end) throw new IllegalArgumentException("path attributes run past the UPDATE");
        long in = 0;
        int attributes = 0;
        boolean emptyMpUnreach = false;
        while (p < attrEnd) {
            if (p + 3 > attrEnd) throw new IllegalArgumentException("truncated attribute header");
            int flags = b[p] & 0xff;
            int type = b[p + 1] & 0xff;
            int valueLen;
            if ((flags & FLAG_EXTENDED_LENGTH) != 0) {
                valueLen = u16(b, p + 2, attrEnd);
                p += 4;
            } else {
                valueLen = b[p + 2] & 0xff;
                p += 3;
            }
            int valueEnd = p + valueLen;
            if (valueEnd > attrEnd) throw new IllegalArgumentException("attribute " + type + " runs past the attributes");
            attributes++;
            if (type == ATTR_MP_REACH) {
                if (valueLen < 5) throw new IllegalArgumentException("MP_REACH_NLRI too short");
                int nextHopLen = b[p + 3] & 0xff;
                int nlri = p + 4 + nextHopLen + 1; // AFI, SAFI, next hop length, next hop, reserved
                if (nlri > valueEnd) throw new IllegalArgumentException("MP_REACH_NLRI next hop runs past the attribute");
                in += prefixes(b, nlri, valueEnd, valueEnd, "MP_REACH_NLRI");
            } else if (type == ATTR_MP_UNREACH) {
                if (valueLen < 3) throw new IllegalArgumentException("MP_UNREACH_NLRI too short");
                long n = prefixes(b, p + 3, valueEnd, valueEnd, "MP_UNREACH_NLRI");
                out += n;
                emptyMpUnreach = n == 0;
            }
            p = valueEnd;
        }
        in += prefixes(b, attrEnd, end, end, "NLRI");
        updates++;
        announced += in;
        withdrawn += out;
        boolean noRoutes = in == 0 && out == 0;
        if (noRoutes && (attributes == 0 || (attributes == 1 && emptyMpUnreach))) endOfRibs++;
        return in > 0;
    }

    /** How many prefixes lie in [from, to): each is a length in bits and that many bits rounded up to bytes. */
    private static long prefixes(byte[] b, int from, int to, int limit, String where) {
        if (to > limit) throw new IllegalArgumentException(where + " run past the UPDATE");
        long n = 0;
        int p = from;
        while (p < to) {
            int bits = b[p] & 0xff;
            if (bits > 128) throw new IllegalArgumentException(where + ": prefix length " + bits);
            p += 1 + (bits + 7) / 8;
            n++;
        }
        if (p != to) throw new IllegalArgumentException(where + ": the last prefix runs past its field");
        return n;
    }

    private static int u16(byte[] b, int p, int end) {
        if (p + 2 > end) throw new IllegalArgumentException("UPDATE too short");
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }
}
