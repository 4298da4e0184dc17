package org.jbgpd.wire;

/**
 * Internal control flow of the decoders: thrown deep inside a parser, always caught at the
 * decoder's entry point and turned into a {@link DecodeResult.SessionError}. Never escapes the
 * package. No stack trace: bad input is ordinary, not exceptional.
 */
final class MalformedMessage extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Notification notification;

    MalformedMessage(Notification notification, String reason) {
        super(reason, null, false, false);
        this.notification = notification;
    }

    MalformedMessage(int code, int subcode, String reason) {
        this(Notification.of(code, subcode), reason);
    }

    Notification notification() { return notification; }

    DecodeResult.SessionError toResult() { return new DecodeResult.SessionError(notification, getMessage()); }
}
