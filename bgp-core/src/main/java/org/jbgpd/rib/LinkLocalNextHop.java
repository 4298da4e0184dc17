package org.jbgpd.rib;

import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.MpNextHop;
import org.jbgpd.wire.PathAttributes;

/**
 * The IPv6 next hop a route is installed through when the peer's global one is no address a route can use (RFC
 * 2545 §3): a link-local address, or :: or ::ffff:a.b.c.d beside a link-local one. FRR 8.4 sends its link-local
 * address in both fields for IPv6 routes over an IPv4 session when its interface has no global address; BIRD
 * sends :: and its link-local address over a link-local session. Such a next hop means something only on the
 * link the session runs over, so it is tied to that interface ({@link IpAddress#withLinkScope}), as FRR and BIRD
 * do: on a gateway with several interfaces, the kernel's own pick for fe80::/64 may be another link.
 */
final class LinkLocalNextHop {

    private LinkLocalNextHop() { }

    /** {@code a} with its next hop tied to interface {@code linkIndex} where the rule above applies, else {@code a}. */
    static PathAttributes scoped(PathAttributes a, int linkIndex) {
        MpNextHop mp = a.mpNextHop();
        if (linkIndex <= 0 || mp == null) return a;
        IpAddress global = mp.global();
        IpAddress linkLocal;
        if (global.isLinkLocal()) linkLocal = global;
        else if (global.isV4Mapped() || global.isUnspecified()) linkLocal = mp.linkLocal();
        else return a; // a global address: installed as it is, resolved through the kernel's table
        IpAddress scoped = linkLocal == null ? null : linkLocal.withLinkScope(linkIndex);
        return scoped == null ? a : a.toBuilder().mpNextHop(MpNextHop.of(scoped)).build();
    }
}
