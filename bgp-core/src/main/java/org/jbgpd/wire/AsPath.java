package org.jbgpd.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AS_PATH (RFC 4271 §5.1.2, RFC 5065 confederation segments), always with 4-octet AS numbers:
 * on a 2-octet session the decoder widens AS_PATH and merges AS4_PATH (RFC 6793) before a path
 * reaches anyone else.
 */
public final class AsPath {

    public static final int AS_SET = 1;
    public static final int AS_SEQUENCE = 2;
    public static final int AS_CONFED_SEQUENCE = 3;
    public static final int AS_CONFED_SET = 4;

    /** The path of a locally originated route. */
    public static final AsPath EMPTY = new AsPath(List.of());

    /** One segment: its type and its AS numbers (unsigned 32-bit values in ints). Immutable. */
    public static final class Segment {
        private final int type;
        private final int[] asns;

        public Segment(int type, int[] asns) {
            if (type < AS_SET || type > AS_CONFED_SET) throw new IllegalArgumentException("AS_PATH segment type " + type);
            if (asns.length == 0 || asns.length > 255) throw new IllegalArgumentException("a segment holds 1..255 AS numbers, not " + asns.length);
            this.type = type;
            this.asns = asns.clone();
        }

        /** No copy: the decoder hands over a fresh array. */
        static Segment owning(int type, int[] asns) {
            return new Segment(type, asns, true);
        }

        private Segment(int type, int[] asns, boolean owned) {
            this.type = type;
            this.asns = asns;
        }

        public int type() { return type; }

        public int size() { return asns.length; }

        /** AS number {@code i} as an unsigned value. */
        public long asn(int i) { return asns[i] & 0xffff_ffffL; }

        int rawAsn(int i) { return asns[i]; }

        public boolean isSet() { return type == AS_SET || type == AS_CONFED_SET; }

        public boolean isConfederation() { return type == AS_CONFED_SEQUENCE || type == AS_CONFED_SET; }

        @Override public boolean equals(Object o) { return o instanceof Segment s && s.type == type && Arrays.equals(s.asns, asns); }

        @Override public int hashCode() { return type * 31 + Arrays.hashCode(asns); }

        @Override public String toString() {
            StringBuilder sb = new StringBuilder();
            String open = switch (type) { case AS_SET -> "{"; case AS_CONFED_SEQUENCE -> "("; case AS_CONFED_SET -> "["; default -> ""; };
            String close = switch (type) { case AS_SET -> "}"; case AS_CONFED_SEQUENCE -> ")"; case AS_CONFED_SET -> "]"; default -> ""; };
            String sep = isSet() ? "," : " ";
            sb.append(open);
            for (int i = 0; i < asns.length; i++) {
                if (i > 0) sb.append(sep);
                sb.append(Integer.toUnsignedString(asns[i]));
            }
            return sb.append(close).toString();
        }
    }

    private final List<Segment> segments;
    private int hash;

    public AsPath(List<Segment> segments) {
        this.segments = List.copyOf(segments);
    }

    /** A path made of one AS_SEQUENCE (split into segments of 255 when longer). */
    public static AsPath sequence(long... asns) {
        if (asns.length == 0) return EMPTY;
        List<Segment> segs = new ArrayList<>();
        for (int from = 0; from < asns.length; from += 255) {
            int n = Math.min(255, asns.length - from);
            int[] a = new int[n];
            for (int i = 0; i < n; i++) a[i] = checkedAsn(asns[from + i]);
            segs.add(Segment.owning(AS_SEQUENCE, a));
        }
        return new AsPath(segs);
    }

    public List<Segment> segments() { return segments; }

    public boolean isEmpty() { return segments.isEmpty(); }

    public int segmentCount() { return segments.size(); }

    /** Segment {@code i}, in path order. */
    public Segment segment(int i) { return segments.get(i); }

    /**
     * The length used by the decision process (RFC 4271 §9.1.2.2): each AS of a sequence counts
     * one, a whole AS_SET counts one, confederation segments count zero (RFC 5065).
     */
    public int pathLength() {
        int n = 0;
        for (int i = 0; i < segments.size(); i++) { // indexed: no iterator (C1 does not remove it), called per new set
            Segment s = segments.get(i);
            if (s.type == AS_SEQUENCE) n += s.asns.length;
            else if (s.type == AS_SET) n++;
        }
        return n;
    }

    /** The AS a route was learned from: the first AS of a leading AS_SEQUENCE, or -1. */
    public long firstAs() {
        if (segments.isEmpty()) return -1;
        Segment s = segments.getFirst();
        return s.type == AS_SEQUENCE ? s.asn(0) : -1;
    }

    /** The originating AS: the last AS of a trailing AS_SEQUENCE, or -1 (e.g. when it ends in a set). */
    public long originAs() {
        if (segments.isEmpty()) return -1;
        Segment s = segments.getLast();
        return s.type == AS_SEQUENCE ? s.asn(s.asns.length - 1) : -1;
    }

    /** True when {@code asn} occurs anywhere in the path (loop detection, RFC 4271 §9.1.2). */
    public boolean contains(long asn) {
        int a = (int) asn;
        for (int i = 0; i < segments.size(); i++) for (int x : segments.get(i).asns) if (x == a) return true; // per eBGP UPDATE
        return false;
    }

    /** This path with {@code asn} prepended to the leading AS_SEQUENCE (a new one if needed). */
    public AsPath prepend(long asn) {
        int a = checkedAsn(asn);
        List<Segment> out = new ArrayList<>(segments.size() + 1);
        if (!segments.isEmpty() && segments.getFirst().type == AS_SEQUENCE && segments.getFirst().asns.length < 255) {
            int[] old = segments.getFirst().asns;
            int[] n = new int[old.length + 1];
            n[0] = a;
            System.arraycopy(old, 0, n, 1, old.length);
            out.add(Segment.owning(AS_SEQUENCE, n));
            out.addAll(segments.subList(1, segments.size()));
        } else {
            out.add(Segment.owning(AS_SEQUENCE, new int[] {a}));
            out.addAll(segments);
        }
        return new AsPath(out);
    }

    /** True when some AS number does not fit 2 octets (a 2-octet peer then needs AS4_PATH). */
    public boolean needsFourOctets() {
        for (Segment s : segments) for (int x : s.asns) if ((x & 0xffff_0000) != 0) return true;
        return false;
    }

    private static int checkedAsn(long asn) {
        if ((asn & ~0xffff_ffffL) != 0) throw new IllegalArgumentException("AS number out of range: " + asn);
        return (int) asn;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof AsPath p && p.hashCode() == hashCode() && sameSegments(p.segments, segments);
    }

    /** List.equals without its iterators (C1 allocates them; the engine compares paths when it interns a set). */
    private static boolean sameSegments(List<Segment> a, List<Segment> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!a.get(i).equals(b.get(i))) return false;
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = segments.hashCode();
            if (h == 0) h = 1;
            hash = h;
        }
        return h;
    }

    /** "64512 64513 {64514,64515}": sequences space-separated, sets in braces, confederation sequences in (), sets in []. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(s);
        }
        return sb.toString();
    }
}
