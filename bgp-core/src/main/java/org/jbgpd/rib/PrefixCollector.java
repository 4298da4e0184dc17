package org.jbgpd.rib;

import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.PrefixBatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects prefixes of one family for an export {@link PrefixBatch}: IPv4 packed, IPv6 as values. */
final class PrefixCollector {

    private final Family family;
    private long[] v4 = new long[16];
    private final List<IpPrefix> v6 = new ArrayList<>();
    private int size;

    PrefixCollector(Family family) { this.family = family; }

    void add(long hi, long lo, int length) {
        if (family == Family.IPV4_UNICAST) {
            if (size == v4.length) v4 = Arrays.copyOf(v4, size * 2);
            v4[size] = IpPrefix.packV4((int) hi, length);
        } else {
            v6.add(new IpPrefix(IpAddress.ofV6(hi, lo), length));
        }
        size++;
    }

    PrefixBatch build() {
        if (family == Family.IPV4_UNICAST) return PrefixBatch.ofPackedV4(Arrays.copyOf(v4, size), null);
        return PrefixBatch.of(family, v6);
    }
}
