package org.jbgpd.wire;

/** KEEPALIVE (RFC 4271 §4.4): the header alone, 19 octets. All instances are equal. */
public record Keepalive() implements BgpMessage {

    @Override
    public int type() { return TYPE_KEEPALIVE; }
}
