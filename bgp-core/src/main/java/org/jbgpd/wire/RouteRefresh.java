package org.jbgpd.wire;

/**
 * ROUTE-REFRESH (RFC 2918) with the enhanced route refresh subtypes of RFC 7313 (BoRR, EoRR).
 * AFI and SAFI are kept as numbers so that a request for a family jbgpd does not route can still
 * be decoded and ignored by the session.
 */
public record RouteRefresh(int afi, int safi, int subtype) implements BgpMessage {

    /** A plain request for the peer to re-send its Adj-RIB-Out. */
    public static final int SUBTYPE_REQUEST = 0;
    /** Beginning of route refresh (RFC 7313). */
    public static final int SUBTYPE_BORR = 1;
    /** End of route refresh (RFC 7313). */
    public static final int SUBTYPE_EORR = 2;

    public RouteRefresh {
        if ((afi & ~0xffff) != 0 || (safi & ~0xff) != 0 || (subtype & ~0xff) != 0) {
            throw new IllegalArgumentException("ROUTE-REFRESH field out of range: afi=" + afi + " safi=" + safi + " subtype=" + subtype);
        }
    }

    public static RouteRefresh request(Family family) {
        return new RouteRefresh(family.afi(), family.safi(), SUBTYPE_REQUEST);
    }

    /** The family asked for, or null when jbgpd does not route that AFI/SAFI. */
    public Family family() { return Family.of(afi, safi); }

    @Override
    public int type() { return TYPE_ROUTE_REFRESH; }
}
