package org.jbgpd.wire;

/** AGGREGATOR (RFC 4271 §5.1.7): the AS (unsigned 32-bit, AS4_AGGREGATOR already merged) and IPv4 address. */
public record Aggregator(long asNumber, IpAddress address) {
    public Aggregator {
        if ((asNumber & ~0xffff_ffffL) != 0) throw new IllegalArgumentException("AS number out of range: " + asNumber);
        if (address == null || !address.isV4()) throw new IllegalArgumentException("aggregator address is IPv4: " + address);
    }
}
