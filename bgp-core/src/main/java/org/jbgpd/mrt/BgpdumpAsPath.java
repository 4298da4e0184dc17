package org.jbgpd.mrt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * AS paths the way bgpdump shows them: its text form, and its own merge of AS4_PATH into a 2-octet
 * AS_PATH, which differs from RFC 6793 in ways that show in the output (see ADR 0020).
 */
public final class BgpdumpAsPath {
    public static final int AS_SET = 1;
    public static final int AS_SEQUENCE = 2;
    public static final int AS_CONFED_SEQUENCE = 3;
    public static final int AS_CONFED_SET = 4;
    public static final int AS_TRANS = 23456;

    /** bgpdump stops writing a path past this many characters and appends "...". */
    private static final int TEXT_LIMIT = 8000 - 100;
    static final String ERROR_TEXT = "! Error !";

    /** One AS_PATH segment in wire order; {@code type} is the raw segment type. */
    public record Segment(int type, long[] asns) {
        /** How many hops the segment counts for in bgpdump's merge: a set is one, a sequence its length. */
        int hops() {
            return type == AS_SET || type == AS_CONFED_SET ? 1 : asns.length;
        }
    }

    private BgpdumpAsPath() {}

    static boolean validType(int type) {
        return type >= AS_SET && type <= AS_CONFED_SET;
    }

    /**
     * bgpdump's text: sequences space separated, {a,b} for sets, (a b) for confederation
     * sequences, [a,b] for confederation sets; "! Error !" for an unknown segment type.
     */
    public static String text(List<Segment> path) {
        StringBuilder sb = new StringBuilder(64);
        int previous = AS_SEQUENCE;
        boolean space = false;
        for (Segment s : path) {
            if (!validType(s.type())) return ERROR_TEXT;
            if (previous != AS_SEQUENCE) sb.append(close(previous));
            if (space) sb.append(' ');
            if (s.type() != AS_SEQUENCE) sb.append(open(s.type()));
            space = false;
            char separator = s.type() == AS_SET || s.type() == AS_CONFED_SET ? ',' : ' ';
            for (long asn : s.asns()) {
                if (space) sb.append(separator);
                space = true;
                sb.append(asn);
                if (sb.length() > TEXT_LIMIT) return sb.append("...").toString();
            }
            previous = s.type();
        }
        if (previous != AS_SEQUENCE) sb.append(close(previous));
        return sb.toString();
    }

    /** bgpdump's hop count of a path (sets count one, confederation sequences count too). */
    static int hops(List<Segment> path) {
        int n = 0;
        for (Segment s : path) n += s.hops();
        return n;
    }

    /**
     * bgpdump's AS4_PATH merge for 2-octet sessions: when AS_PATH has at least as many hops as
     * AS4_PATH, keep the leading AS_PATH hops that AS4_PATH does not cover, then append AS4_PATH.
     * Like bgpdump it takes those leading hops by repeating the first AS_PATH segment (cut to
     * length when it is a sequence), which only differs from RFC 6793 when the first segment is
     * shorter than the hops to keep.
     */
    public static List<Segment> mergeAs4(List<Segment> asPath, List<Segment> as4Path) {
        int keep = hops(asPath) - hops(as4Path);
        if (keep < 0 || asPath.isEmpty()) return asPath;
        List<Segment> merged = new ArrayList<>(as4Path.size() + 2);
        Segment first = asPath.getFirst();
        int have = 0;
        while (have < keep) {
            int before = have;
            if (first.type() == AS_SET || first.type() == AS_CONFED_SET) {
                merged.add(first);
                have += 1;
            } else {
                int take = Math.min(first.asns().length, keep - have);
                merged.add(new Segment(first.type(), Arrays.copyOf(first.asns(), take)));
                have += first.asns().length; // bgpdump counts the whole segment, then cuts it
            }
            if (have == before) break; // an empty first sequence: bgpdump would loop forever
        }
        merged.addAll(as4Path);
        return merged;
    }

    private static char open(int type) {
        return switch (type) {
            case AS_SET -> '{';
            case AS_CONFED_SET -> '[';
            case AS_CONFED_SEQUENCE -> '(';
            default -> ' ';
        };
    }

    private static char close(int type) {
        return switch (type) {
            case AS_SET -> '}';
            case AS_CONFED_SET -> ']';
            case AS_CONFED_SEQUENCE -> ')';
            default -> ' ';
        };
    }
}
