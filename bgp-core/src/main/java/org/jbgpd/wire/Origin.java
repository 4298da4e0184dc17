package org.jbgpd.wire;

/** ORIGIN (RFC 4271 §5.1.1); the declaration order is the preference order of the decision process. */
public enum Origin {
    IGP, EGP, INCOMPLETE;

    /** The wire value: 0, 1 or 2. */
    public int code() { return ordinal(); }

    /** The origin for a wire value, or null when the value is not 0..2. */
    public static Origin of(int code) {
        return code >= 0 && code <= 2 ? BY_CODE[code] : null;
    }

    /** values() copies the array on every call; the decoder calls this per UPDATE. */
    private static final Origin[] BY_CODE = values();
}
