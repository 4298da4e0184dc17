package org.jbgpd.policy;

import java.util.Arrays;

/**
 * An AS_PATH (RFC 4271, with 4-octet AS numbers merged per RFC 6793): segments of unsigned 32-bit
 * AS numbers held as ints. Immutable; equal by content, so attribute sets intern well.
 */
public final class AsPath {

    public static final int AS_SET = 1;
    public static final int AS_SEQUENCE = 2;
    public static final int AS_CONFED_SEQUENCE = 3;
    public static final int AS_CONFED_SET = 4;

    public static final AsPath EMPTY = new AsPath(new int[0], new int[0][]);

    private final int[] types;
    private final int[][] segments;
    private final int hash;

    private AsPath(int[] types, int[][] segments) {
        this.types = types;
        this.segments = segments;
        this.hash = 31 * Arrays.hashCode(types) + Arrays.deepHashCode(segments);
    }

    /** Builds from segment types and their AS numbers (copied). */
    public static AsPath of(int[] types, int[][] segments) {
        if (types.length != segments.length) throw new IllegalArgumentException("one type per segment");
        int[][] copy = new int[segments.length][];
        for (int i = 0; i < segments.length; i++) copy[i] = segments[i].clone();
        return new AsPath(types.clone(), copy);
    }

    /** One AS_SEQUENCE, the common case. */
    public static AsPath sequence(long... asns) {
        if (asns.length == 0) return EMPTY;
        int[] s = new int[asns.length];
        for (int i = 0; i < asns.length; i++) s[i] = (int) asns[i];
        return new AsPath(new int[] {AS_SEQUENCE}, new int[][] {s});
    }

    public int segmentCount() { return types.length; }

    public int segmentType(int i) { return types[i]; }

    public long as(int segment, int i) { return segments[segment][i] & 0xffff_ffffL; }

    public int segmentLength(int segment) { return segments[segment].length; }

    /**
     * The length the decision process compares (RFC 4271 §9.1.2.2 a): an AS_SET counts one,
     * confederation segments count nothing (RFC 5065 §5.3).
     */
    public int length() {
        int n = 0;
        for (int i = 0; i < types.length; i++) {
            if (types[i] == AS_SEQUENCE) n += segments[i].length;
            else if (types[i] == AS_SET) n += 1;
        }
        return n;
    }

    /** The neighbouring AS (first AS of the first AS_SEQUENCE), or 0 for a route from our own AS. */
    public long neighborAs() {
        for (int i = 0; i < types.length; i++) {
            if (types[i] == AS_SEQUENCE && segments[i].length > 0) return segments[i][0] & 0xffff_ffffL;
            if (types[i] == AS_SET) return 0;
        }
        return 0;
    }

    public boolean contains(long as) {
        for (int[] s : segments) for (int a : s) if ((a & 0xffff_ffffL) == as) return true;
        return false;
    }

    /** This path with {@code as} put in front (export to an eBGP peer). */
    public AsPath prepend(long as) {
        if (types.length > 0 && types[0] == AS_SEQUENCE && segments[0].length < 255) {
            int[][] segs = segments.clone();
            int[] first = new int[segments[0].length + 1];
            first[0] = (int) as;
            System.arraycopy(segments[0], 0, first, 1, segments[0].length);
            segs[0] = first;
            return new AsPath(types, segs);
        }
        int[] t = new int[types.length + 1];
        int[][] segs = new int[segments.length + 1][];
        t[0] = AS_SEQUENCE;
        segs[0] = new int[] {(int) as};
        System.arraycopy(types, 0, t, 1, types.length);
        System.arraycopy(segments, 0, segs, 1, segments.length);
        return new AsPath(t, segs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsPath p && p.hash == hash && Arrays.equals(p.types, types) && Arrays.deepEquals(p.segments, segments);
    }

    @Override
    public int hashCode() { return hash; }

    /** "64512 64513 {64514 64515}" as BIRD and bgpdump print it. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < types.length; i++) {
            if (i > 0) sb.append(' ');
            boolean set = types[i] == AS_SET || types[i] == AS_CONFED_SET;
            boolean confed = types[i] == AS_CONFED_SEQUENCE || types[i] == AS_CONFED_SET;
            if (confed) sb.append('(');
            if (set) sb.append('{');
            for (int j = 0; j < segments[i].length; j++) {
                if (j > 0) sb.append(set ? ',' : ' ');
                sb.append(segments[i][j] & 0xffff_ffffL);
            }
            if (set) sb.append('}');
            if (confed) sb.append(')');
        }
        return sb.toString();
    }
}
