package org.jbgpd.bench.e2e;

import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.util.SplittableRandom;

/** The N prefixes of a scenario, by index, and a fixed shuffled order of them. */
final class RouteSet {
    private static final int V4_BASE = 10 << 24;
    private static final long V6_BASE_HI = 0x20010db8_00000000L;

    final Scenario scenario;
    final int size;

    RouteSet(Scenario scenario, int size) {
        if (size < 1 || size > scenario.maxRoutes()) throw new IllegalArgumentException("route count out of range for " + scenario.id + ": " + size);
        this.scenario = scenario;
        this.size = size;
    }

    int length() {
        return scenario.v6 ? 56 : 24;
    }

    /** Prefix number {@code i} as text, e.g. 10.0.1.0/24 or 2001:db8:0:100::/56. */
    String text(int i) {
        if (!scenario.v6) {
            int a = V4_BASE + (i << 8);
            return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + ".0/24";
        }
        // i in the 24 bits after 2001:db8::/32: third group = i >>> 8, fourth = (i & 0xff) << 8.
        int third = i >>> 8;
        int fourth = (i & 0xff) << 8;
        return "2001:db8:" + Integer.toHexString(third) + ":" + Integer.toHexString(fourth) + "::/56";
    }

    IpPrefix prefix(int i) {
        if (!scenario.v6) return IpPrefix.of(IpAddress.ofV4(V4_BASE + (i << 8)), 24);
        return IpPrefix.of(IpAddress.ofV6(V6_BASE_HI | ((long) i << 8), 0), 56);
    }

    /** All indexes in a shuffled order that is the same for every run (seeded). */
    int[] shuffled(long seed) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) order[i] = i;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
