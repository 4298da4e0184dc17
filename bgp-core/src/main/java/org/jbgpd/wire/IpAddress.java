package org.jbgpd.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address as two longs, so that comparing, hashing and masking never touch a
 * byte array. IPv4 lives in the low 32 bits of {@code hi} with {@code lo == 0}; IPv6 is
 * {@code hi} = first 8 bytes, {@code lo} = last 8 bytes, both big-endian.
 */
public record IpAddress(Family family, long hi, long lo) implements Comparable<IpAddress> {

    public IpAddress {
        if (family == null) throw new IllegalArgumentException("family is null");
        if (family == Family.IPV4_UNICAST && ((hi >>> 32) != 0 || lo != 0)) {
            throw new IllegalArgumentException("IPv4 address out of range");
        }
    }

    // Written out rather than generated: a record's equals and hashCode are invokedynamic method-handle chains, and
    // under C1 every next-hop and peer lookup on the route path paid one (ADR 0101). Same components, same meaning.
    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && a.hi == hi && a.lo == lo && a.family == family;
    }

    @Override
    public int hashCode() {
        return (family.ordinal() * 31 + Long.hashCode(hi)) * 31 + Long.hashCode(lo);
    }

    public static IpAddress ofV4(int address) {
        return new IpAddress(Family.IPV4_UNICAST, address & 0xffff_ffffL, 0);
    }

    public static IpAddress ofV6(long hi, long lo) {
        return new IpAddress(Family.IPV6_UNICAST, hi, lo);
    }

    /** From 4 or 16 network-order bytes. */
    public static IpAddress ofBytes(byte[] b) {
        if (b.length == 4) return ofV4(readInt(b, 0));
        if (b.length == 16) return ofV6(readLong(b, 0), readLong(b, 8));
        throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + b.length);
    }

    /**
     * Parses a literal address ("192.0.2.1", "2001:db8::1"). Never resolves names.
     *
     * @throws IllegalArgumentException with a message fit for a config error
     */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("empty address");
        boolean looksV6 = text.indexOf(':') >= 0;
        boolean looksV4 = !looksV6 && text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        if (!looksV4 && !looksV6) throw new IllegalArgumentException("not an IP address: " + text);
        if (looksV4 && text.split("\\.", -1).length != 4) throw new IllegalArgumentException("not an IPv4 address: " + text);
        try {
            // Literal forms only (checked above), so InetAddress does no DNS lookup.
            return ofBytes(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException | SecurityException e) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
    }

    public boolean isV4() { return family == Family.IPV4_UNICAST; }

    /** The IPv4 address as an int; only for IPv4. */
    public int v4() { return (int) hi; }

    public byte[] toBytes() {
        if (isV4()) return new byte[] {(byte) (hi >>> 24), (byte) (hi >>> 16), (byte) (hi >>> 8), (byte) hi};
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    public InetAddress toInetAddress() {
        try {
            return InetAddress.getByAddress(toBytes());
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only thrown for a wrong length
        }
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = family.compareTo(o.family);
        if (c != 0) return c;
        c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /**
     * An IPv4-mapped IPv6 address (::ffff:a.b.c.d, RFC 4291 §2.5.5.2): what some speakers (GoBGP, FRR in
     * some versions) put in the next hop of IPv6 routes sent over an IPv4 session.
     */
    public boolean isV4Mapped() { return !isV4() && hi == 0 && (lo >>> 32) == 0xffffL; }

    /** The IPv6 unspecified address :: (RFC 4291 §2.5.2): a next hop field a peer left empty. */
    public boolean isUnspecified() { return !isV4() && hi == 0 && lo == 0; }

    /** In fe80::/10 (RFC 4291 §2.5.6): meaningful only together with the interface it was learned on. */
    public boolean isLinkLocal() { return !isV4() && (hi >>> 54) == 0x3fa; }

    /**
     * This link-local address tied to the interface with index {@code ifIndex}, for a next hop the kernel must
     * reach through that interface: the index is kept in bits 16-47 of the address, which RFC 4291 §2.5.6 sets
     * to zero (BSD kernels keep a scope the same way), so the address stays one value that can be compared,
     * hashed and interned. Null when this is not a link-local address with those bits zero.
     */
    public IpAddress withLinkScope(int ifIndex) {
        if (!isLinkLocal() || ifIndex <= 0 || (hi & SCOPE_BITS) != 0) return null;
        return new IpAddress(family, hi | (ifIndex & 0xffff_ffffL) << 16, lo);
    }

    /** The interface index of a link-local address made by {@link #withLinkScope}, else 0. */
    public int linkScope() { return isLinkLocal() ? (int) ((hi & SCOPE_BITS) >>> 16) : 0; }

    /** The address as it goes on the wire and to the kernel: without the scope {@link #withLinkScope} added. */
    public IpAddress withoutLinkScope() { return linkScope() == 0 ? this : new IpAddress(family, hi & ~SCOPE_BITS, lo); }

    private static final long SCOPE_BITS = 0xffff_ffffL << 16;

    /**
     * Canonical text: dotted quad, or RFC 5952 IPv6 (an IPv4-mapped address with its dotted quad, §5; a scoped
     * link-local one with its interface index as the zone, RFC 4007 §11).
     */
    @Override
    public String toString() {
        if (isV4()) return dottedQuad(hi);
        if (isV4Mapped()) return "::ffff:" + dottedQuad(lo);
        int scope = linkScope();
        if (scope != 0) return formatV6(hi & ~SCOPE_BITS, lo) + "%" + Integer.toUnsignedString(scope);
        return formatV6(hi, lo);
    }

    private static String dottedQuad(long a) {
        return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    private static String formatV6(long hi, long lo) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
            g[4 + i] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
        }
        // RFC 5952: compress the longest run (>= 2) of zero groups, the first one on ties.
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    private static long readLong(byte[] b, int off) {
        return (readInt(b, off) & 0xffff_ffffL) << 32 | (readInt(b, off + 4) & 0xffff_ffffL);
    }
}
