package org.jbgpd.netlink;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;

import java.util.Arrays;
import java.util.Collection;

/**
 * The addresses of the next hops being resolved, sorted per family, to ask cheaply (a binary
 * search, no allocation) whether a prefix we write covers any of them.
 */
final class NextHopIndex {
    private final long[] v4;
    private final long[] v6Hi;
    private final long[] v6Lo;

    private NextHopIndex(long[] v4, long[] v6Hi, long[] v6Lo) {
        this.v4 = v4;
        this.v6Hi = v6Hi;
        this.v6Lo = v6Lo;
    }

    static NextHopIndex of(Collection<org.jbgpd.fib.NextHop> hops) {
        long[] v4 = hops.stream().map(org.jbgpd.fib.NextHop::address).filter(IpAddress::isV4).mapToLong(IpAddress::hi).sorted().toArray();
        IpAddress[] v6 = hops.stream().map(org.jbgpd.fib.NextHop::address).filter(a -> !a.isV4()).sorted().toArray(IpAddress[]::new);
        long[] hi = new long[v6.length], lo = new long[v6.length];
        for (int i = 0; i < v6.length; i++) {
            hi[i] = v6[i].hi();
            lo[i] = v6[i].lo();
        }
        return new NextHopIndex(v4, hi, lo);
    }

    /** True if some next hop lies inside the prefix (address bits as IpAddress.hi/lo). */
    boolean anyWithin(Family f, long hi, long lo, int length) {
        if (f == Family.IPV4_UNICAST) {
            long mask = length == 0 ? 0 : (0xffff_ffffL << (32 - length)) & 0xffff_ffffL;
            long first = hi & mask, last = first | (~mask & 0xffff_ffffL);
            int i = Arrays.binarySearch(v4, first);
            if (i < 0) i = -i - 1;
            return i < v4.length && v4[i] <= last;
        }
        long maskHi = length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
        long maskLo = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
        long fHi = hi & maskHi, fLo = lo & maskLo;
        // first index with (hi, lo) >= (fHi, fLo), unsigned
        int a = 0, b = v6Hi.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            int c = Long.compareUnsigned(v6Hi[m], fHi);
            if (c == 0) c = Long.compareUnsigned(v6Lo[m], fLo);
            if (c < 0) a = m + 1;
            else b = m;
        }
        return a < v6Hi.length && (v6Hi[a] & maskHi) == fHi && (v6Lo[a] & maskLo) == fLo;
    }
}
