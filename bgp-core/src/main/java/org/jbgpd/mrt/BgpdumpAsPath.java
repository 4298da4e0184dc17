package org.jbgpd.mrt;

import java.util.List;

/**
 * AS paths in bgpdump's text form. The path itself (AS4_PATH already merged on 2-octet records)
 * comes from the codec.
 */
public final class BgpdumpAsPath {
    public static final int AS_SET = 1;
    public static final int AS_SEQUENCE = 2;
    public static final int AS_CONFED_SEQUENCE = 3;
    public static final int AS_CONFED_SET = 4;

    /** bgpdump stops writing a path past this many characters and appends "...". */
    private static final int TEXT_LIMIT = 8000 - 100;
    static final String ERROR_TEXT = "! Error !";

    /** One AS_PATH segment in wire order; {@code type} is the raw segment type. */
    public record Segment(int type, long[] asns) {}

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
