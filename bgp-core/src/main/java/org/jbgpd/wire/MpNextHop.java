package org.jbgpd.wire;

/**
 * The next hop of MP_REACH_NLRI (RFC 4760, RFC 2545): a global address and, for IPv6 next hops
 * of 32 octets, a link-local one (else null). For IPv4 NLRI the global address may be IPv6
 * (RFC 8950) or IPv4.
 */
public record MpNextHop(IpAddress global, IpAddress linkLocal) {
    public MpNextHop {
        if (global == null) throw new IllegalArgumentException("next hop is null");
        if (linkLocal != null && (global.isV4() || linkLocal.isV4())) {
            throw new IllegalArgumentException("a link-local next hop pairs two IPv6 addresses");
        }
    }

    public static MpNextHop of(IpAddress global) { return new MpNextHop(global, null); }

    /** Octets of the next hop field: 4, 16 or 32. */
    public int encodedLength() { return global.isV4() ? 4 : linkLocal == null ? 16 : 32; }
}
