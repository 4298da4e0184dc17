package org.jbgpd.fib;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The set of next hops a prefix is installed with: one entry is a plain route, several are an
 * ECMP (multipath) route. Immutable, sorted and free of duplicates, so two sets are equal exactly
 * when the kernel would hold the same route; the engine interns them, so thousands of prefixes
 * share one instance.
 */
public final class NextHopSet {

    private final NextHop[] hops;
    private final int hash;

    private NextHopSet(NextHop[] sortedDistinct) {
        this.hops = sortedDistinct;
        this.hash = Arrays.hashCode(sortedDistinct);
    }

    /** Sorts and removes duplicates (the same next hop learned from two reflectors is one hop). */
    public static NextHopSet of(Collection<NextHop> hops) {
        return of(hops.toArray(NextHop[]::new));
    }

    public static NextHopSet of(NextHop... hops) {
        if (hops.length == 0) throw new IllegalArgumentException("a next-hop set is never empty; withdraw instead");
        NextHop[] sorted = hops.clone();
        Arrays.sort(sorted);
        int n = 1;
        for (int i = 1; i < sorted.length; i++) if (!sorted[i].equals(sorted[n - 1])) sorted[n++] = sorted[i];
        return new NextHopSet(n == sorted.length ? sorted : Arrays.copyOf(sorted, n));
    }

    public int size() { return hops.length; }

    public NextHop get(int i) { return hops[i]; }

    public List<NextHop> asList() { return List.of(hops); }

    public boolean isMultipath() { return hops.length > 1; }

    @Override
    public boolean equals(Object o) { return o instanceof NextHopSet s && s.hash == hash && Arrays.equals(s.hops, hops); }

    @Override
    public int hashCode() { return hash; }

    @Override
    public String toString() { return Arrays.toString(hops); }
}
