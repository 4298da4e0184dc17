package org.jbgpd.wire;

/**
 * The outcome of decoding one message: a message (an {@link Update} may still carry RFC 7606
 * {@link UpdateErrors} that the receiver acts on), or the NOTIFICATION the session must send
 * before it closes the connection. Errors are values: the decoder never throws on bad input.
 */
public sealed interface DecodeResult {

    /** A message was decoded. */
    record Ok(BgpMessage message) implements DecodeResult {}

    /**
     * The input is fatally malformed (RFC 4271 §6, or RFC 7606 "session reset"): send
     * {@code notification}, then close. {@code reason} explains it in one line for the log.
     */
    record SessionError(Notification notification, String reason) implements DecodeResult {}
}
