package org.jbgpd.mrt;

/** COMMUNITIES the way bgpdump writes them: "as:value" in wire order, three well-known ones by name. */
public final class BgpdumpCommunities {
    /** bgpdump builds the text in a BUFSIZ (8192) buffer; longer lists are cut like it cuts them. */
    private static final int BUFFER = 8192;

    private BgpdumpCommunities() {}

    /** The text without bgpdump's leading space ("" for an empty attribute). */
    public static String text(int[] communities) {
        StringBuilder sb = new StringBuilder(communities.length * 12);
        for (int c : communities) {
            String name = switch (c) {
                case 0xFFFFFF01 -> " no-export";
                case 0xFFFFFF02 -> " no-advertise";
                case 0xFFFFFF03 -> " local-AS";
                default -> null;
            };
            if (name != null) {
                if (sb.length() + name.length() < BUFFER) sb.append(name);
            } else {
                int before = sb.length();
                sb.append(' ').append(c >>> 16).append(':').append(c & 0xffff);
                if (sb.length() > BUFFER - 1) sb.setLength(Math.max(before, BUFFER - 1));
            }
        }
        return sb.isEmpty() ? "" : sb.substring(1);
    }
}
