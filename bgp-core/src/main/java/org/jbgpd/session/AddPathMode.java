package org.jbgpd.session;

/** The Send/Receive field of an ADD-PATH capability tuple (RFC 7911 §4). */
public enum AddPathMode {
    RECEIVE(1), SEND(2), BOTH(3);

    private final int code;

    AddPathMode(int code) { this.code = code; }

    public int code() { return code; }

    public boolean receives() { return this != SEND; }

    public boolean sends() { return this != RECEIVE; }

    /** The mode for a wire value, or null for values RFC 7911 does not define (the tuple is then ignored). */
    public static AddPathMode of(int code) {
        return switch (code) {
            case 1 -> RECEIVE;
            case 2 -> SEND;
            case 3 -> BOTH;
            default -> null;
        };
    }
}
