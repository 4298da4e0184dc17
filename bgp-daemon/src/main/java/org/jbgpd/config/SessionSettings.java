package org.jbgpd.config;

import java.nio.file.Path;
import java.util.Set;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;

/**
 * What a BGP session needs besides the peer's address: shared by configured peers and dynamic
 * neighbor ranges. Policy names are outside this record on purpose, so a reload can tell a change
 * that needs a session reset (this record differs) from one that only re-runs policy.
 *
 * @param passwordFile file holding the TCP MD5 key (RFC 2385), or null; the key itself is
 *     never part of the config so it cannot end up in a log line or a toString
 * @param ttlSecurity GTSM hop count (RFC 5082), 0 = off
 * @param sourceAddress local address to connect from, or null for the kernel's choice
 * @param maxPrefixes 0 = no limit
 * @param port the peer's TCP port for our connections (179)
 */
public record SessionSettings(
        long asNumber,
        Path passwordFile,
        int holdTime,
        int keepaliveTime,
        int connectRetryTime,
        boolean passive,
        int ttlSecurity,
        IpAddress sourceAddress,
        Set<Family> families,
        GracefulRestartConfig gracefulRestart,
        long maxPrefixes,
        int port) {

    public SessionSettings {
        families = Set.copyOf(families);
    }

    /** iBGP when the peer's AS equals ours. */
    public boolean isInternal(long localAs) { return asNumber == localAs; }
}
