package org.jbgpd.rib;

import org.jbgpd.policy.RouteAttributes;
import org.jbgpd.wire.Family;

/**
 * What one UPDATE says about one family: prefixes withdrawn, and prefixes announced with one
 * attribute set. The daemon builds these from the codec's decoded UPDATE (one per family it
 * carries); {@code attributes} may be null when nothing is announced.
 */
public record RouteBatch(Family family, PackedPrefixes withdrawn, PackedPrefixes announced, RouteAttributes attributes) {
    public RouteBatch {
        if (family == null) throw new IllegalArgumentException("family is null");
        if (withdrawn == null) withdrawn = PackedPrefixes.EMPTY;
        if (announced == null) announced = PackedPrefixes.EMPTY;
        if (announced.size() > 0 && attributes == null) throw new IllegalArgumentException("announced prefixes need attributes");
    }
}
