package org.jbgpd.rib;

import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

import java.util.List;
import java.util.Set;

/**
 * Engine-wide settings.
 *
 * @param routerId                  our BGP identifier (loop check against ORIGINATOR_ID)
 * @param clusterId                 our cluster id for the CLUSTER_LIST loop check; null = routerId
 * @param localAs                   our AS
 * @param ecmp                      install every path equal to the best up to the IGP-cost step (kernel.ecmp)
 * @param maxPaths                  most next hops in one installed route (default 16)
 * @param selectionDeferralSeconds  restarting side of GR: hold selection, FIB and exports until
 *                                  End-of-RIB from every peer in {@code deferralPeers} or this
 *                                  many seconds; 0 = no deferral (a normal start)
 * @param deferralPeers             peers whose End-of-RIB ends the deferral
 * @param announce                  prefixes we originate (config {@code announce})
 */
public record RibConfig(IpAddress routerId, IpAddress clusterId, long localAs, boolean ecmp, int maxPaths,
                        int selectionDeferralSeconds, Set<IpAddress> deferralPeers, List<IpPrefix> announce) {

    public static final int DEFAULT_MAX_PATHS = 16;

    public RibConfig {
        if (routerId == null || !routerId.isV4()) throw new IllegalArgumentException("routerId must be an IPv4 address");
        if (clusterId == null) clusterId = routerId;
        if (maxPaths <= 0) maxPaths = DEFAULT_MAX_PATHS;
        deferralPeers = deferralPeers == null ? Set.of() : Set.copyOf(deferralPeers);
        announce = announce == null ? List.of() : List.copyOf(announce);
    }

    /** The common case: no deferral, nothing announced. */
    public static RibConfig of(IpAddress routerId, long localAs, boolean ecmp) {
        return new RibConfig(routerId, null, localAs, ecmp, DEFAULT_MAX_PATHS, 0, Set.of(), List.of());
    }
}
