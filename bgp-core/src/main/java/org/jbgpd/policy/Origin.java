package org.jbgpd.policy;

/** The ORIGIN attribute (RFC 4271 §5.1.1); lower is preferred in the decision process. */
public enum Origin {
    IGP, EGP, INCOMPLETE;

    private static final Origin[] BY_CODE = values();

    public int code() { return ordinal(); }

    /** The origin for a wire code; codes above 2 are malformed and the codec treats them before us. */
    public static Origin ofCode(int code) { return BY_CODE[code]; }
}
