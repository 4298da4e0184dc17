package org.jbgpd.mrt;

import org.jbgpd.wire.IpAddress;

/**
 * Addresses written the way bgpdump writes them. IPv6 differs from RFC 5952 in two ways that show
 * in its output: IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d, all but ::0 and ::1)
 * addresses end in a dotted quad, and a single zero group is compressed to "::" too.
 */
public final class BgpdumpAddress {
    private BgpdumpAddress() {}

    public static StringBuilder appendV4(StringBuilder sb, int a) {
        return sb.append((a >>> 24) & 0xff).append('.').append((a >>> 16) & 0xff).append('.')
                .append((a >>> 8) & 0xff).append('.').append(a & 0xff);
    }

    public static StringBuilder append(StringBuilder sb, IpAddress a) {
        return a.isV4() ? appendV4(sb, a.v4()) : appendV6(sb, a.hi(), a.lo());
    }

    public static StringBuilder appendV6(StringBuilder sb, long hi, long lo) {
        int low32 = (int) lo;
        if (hi == 0 && (lo >>> 32) == 0xffffL) {
            return appendV4(sb.append("::ffff:"), low32);
        }
        if (hi == 0 && (lo >>> 32) == 0 && Integer.compareUnsigned(low32, 1) > 0) {
            return appendV4(sb.append("::"), low32);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
            g[4 + i] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
        }
        // The longest run of zero groups, even a single one; the first on ties.
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(g[i]));
            if (i != 7) sb.append(':');
        }
        return sb;
    }

    public static String toString(IpAddress a) {
        return append(new StringBuilder(40), a).toString();
    }
}
