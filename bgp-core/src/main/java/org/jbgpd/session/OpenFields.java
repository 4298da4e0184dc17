package org.jbgpd.session;

/**
 * The fields of an OPEN (RFC 4271 §4.2) the session validates and negotiates with; the transport maps the codec's
 * message to and from this.
 *
 * @param myAs         the 16-bit My Autonomous System field (AS_TRANS 23456 when the real AS needs 4 octets)
 * @param bgpIdentifier the BGP Identifier as a 32-bit value (compare unsigned)
 */
public record OpenFields(int version, int myAs, int holdTime, int bgpIdentifier, OpenCapabilities capabilities) {

    public static final int AS_TRANS = 23456;

    /** The sender's AS: from the 4-octet AS capability when present, else the 16-bit field. */
    public long effectiveAs() {
        return capabilities.fourOctetAs() >= 0 ? capabilities.fourOctetAs() : myAs;
    }
}
