package org.jbgpd.policy;

/** RFC 1997 communities are 32-bit numbers written "asn:value"; these helpers convert. */
public final class Communities {

    private Communities() { }

    /** Parses "64512:100" (each half 0..65535) or a plain number. */
    public static int parse(String text) {
        try {
            int colon = text.indexOf(':');
            if (colon < 0) {
                long v = Long.parseLong(text);
                if (v < 0 || v > 0xffff_ffffL) throw new NumberFormatException();
                return (int) v;
            }
            int hi = Integer.parseInt(text.substring(0, colon));
            int lo = Integer.parseInt(text.substring(colon + 1));
            if (hi < 0 || hi > 0xffff || lo < 0 || lo > 0xffff) throw new NumberFormatException();
            return hi << 16 | lo;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a community (asn:value, each 0..65535): " + text);
        }
    }

    public static String format(int community) { return (community >>> 16) + ":" + (community & 0xffff); }
}
