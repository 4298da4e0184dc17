package org.jbgpd.session;

import org.jbgpd.wire.Family;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one OPEN advertises, as the session needs it (RFC 5492 capabilities). Families jbgpd does not route and
 * capabilities it does not know are reduced to {@code otherCodes}, which only feed logs: unknown capabilities are
 * ignored, never an error.
 *
 * @param multiprotocolPresent whether any Multiprotocol capability was present; without one the peer speaks IPv4
 *                             unicast only (RFC 4760 §8)
 * @param fourOctetAs          the AS from the 4-octet AS capability (RFC 6793), or -1 when absent
 * @param gracefulRestart      null when the capability is absent
 */
public record OpenCapabilities(
        boolean multiprotocolPresent,
        Set<Family> families,
        long fourOctetAs,
        boolean routeRefresh,
        boolean enhancedRouteRefresh,
        Map<Family, AddPathMode> addPath,
        GracefulRestartInfo gracefulRestart,
        boolean extendedMessage,
        List<Integer> otherCodes) {

    public OpenCapabilities {
        families = Set.copyOf(families);
        addPath = Map.copyOf(addPath);
        otherCodes = List.copyOf(otherCodes);
    }

    /** An OPEN with no capabilities at all (an old or minimal speaker). */
    public static OpenCapabilities none() {
        return new OpenCapabilities(false, Set.of(), -1, false, false, Map.of(), null, false, List.of());
    }

    /** The families the sender can carry: its Multiprotocol list, or IPv4 unicast when it sent none. */
    public Set<Family> effectiveFamilies() {
        return multiprotocolPresent ? families : Set.of(Family.IPV4_UNICAST);
    }
}
