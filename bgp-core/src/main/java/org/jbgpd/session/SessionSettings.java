package org.jbgpd.session;

import org.jbgpd.wire.Family;

import java.util.Set;

/**
 * What one peer's state machine is configured with. Times are seconds, as in the config file.
 *
 * @param peerAs               the AS the peer must announce; 0 accepts any (2/2 otherwise)
 * @param holdTime             our proposed hold time: 0 or 3..65535
 * @param keepaliveTime        upper bound for the keepalive interval; 0 means a third of the negotiated hold time
 * @param passive              never dial; wait for the peer to connect
 * @param addPathReceive       advertise ADD-PATH receive for every family (RFC 7911), so route reflectors can hand us
 *                             every path for ECMP
 * @param maxBackoffTime       cap of the exponential back-off between attempts after errors
 * @param sendHoldTime         RFC 9687 send hold time; 0 means max(480, 2 x hold time)
 * @param restarting           jbgpd restarted with its routes still in the kernel (a planned restart): until the first
 *                             session is Established, our OPEN's graceful restart capability carries the Restart State
 *                             bit and "forwarding state preserved" for every family (RFC 4724 §3), so the peer keeps
 *                             the routes it had from us until our End-of-RIB instead of flushing them
 */
public record SessionSettings(
        String name,
        long localAs,
        int localBgpIdentifier,
        long peerAs,
        int holdTime,
        int keepaliveTime,
        int connectRetryTime,
        boolean passive,
        Set<Family> families,
        boolean gracefulRestart,
        int restartTime,
        boolean addPathReceive,
        int maxBackoffTime,
        int sendHoldTime,
        boolean restarting) {

    public SessionSettings {
        if (localAs <= 0 || localAs > 0xffff_ffffL) throw new IllegalArgumentException("local AS out of range: " + localAs);
        if (peerAs < 0 || peerAs > 0xffff_ffffL) throw new IllegalArgumentException("peer AS out of range: " + peerAs);
        if (localBgpIdentifier == 0) throw new IllegalArgumentException("router id 0.0.0.0 is not a valid BGP Identifier");
        if (holdTime == 1 || holdTime == 2 || holdTime < 0 || holdTime > 65535) {
            throw new IllegalArgumentException("hold time must be 0 or 3..65535, not " + holdTime);
        }
        if (keepaliveTime < 0 || connectRetryTime < 1 || maxBackoffTime < connectRetryTime || sendHoldTime < 0) {
            throw new IllegalArgumentException("timer out of range");
        }
        if (restartTime < 0 || restartTime > 4095) throw new IllegalArgumentException("restart time is 0..4095 s");
        families = Set.copyOf(families);
        if (families.isEmpty()) throw new IllegalArgumentException("a peer needs at least one family");
    }

    /** A speaker that did not restart with preserved forwarding state. */
    public SessionSettings(String name, long localAs, int localBgpIdentifier, long peerAs, int holdTime, int keepaliveTime,
                           int connectRetryTime, boolean passive, Set<Family> families, boolean gracefulRestart, int restartTime,
                           boolean addPathReceive, int maxBackoffTime, int sendHoldTime) {
        this(name, localAs, localBgpIdentifier, peerAs, holdTime, keepaliveTime, connectRetryTime, passive, families, gracefulRestart,
                restartTime, addPathReceive, maxBackoffTime, sendHoldTime, false);
    }

    /** Defaults matching the design's example: hold 90, keepalive 30, connect retry 5, IPv4+IPv6, GR 120 s. */
    public static SessionSettings defaults(String name, long localAs, int localBgpIdentifier, long peerAs) {
        return new SessionSettings(name, localAs, localBgpIdentifier, peerAs, 90, 30, 5, false,
                Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), true, 120, true, 120, 0);
    }

    public boolean internal() { return peerAs == localAs; }

    public SessionSettings withTimers(int hold, int keepalive, int connectRetry) {
        return new SessionSettings(name, localAs, localBgpIdentifier, peerAs, hold, keepalive, connectRetry, passive, families,
                gracefulRestart, restartTime, addPathReceive, Math.max(maxBackoffTime, connectRetry), sendHoldTime, restarting);
    }

    public SessionSettings withPassive(boolean p) {
        return new SessionSettings(name, localAs, localBgpIdentifier, peerAs, holdTime, keepaliveTime, connectRetryTime, p, families,
                gracefulRestart, restartTime, addPathReceive, maxBackoffTime, sendHoldTime, restarting);
    }

    public SessionSettings withGracefulRestart(boolean gr) {
        return new SessionSettings(name, localAs, localBgpIdentifier, peerAs, holdTime, keepaliveTime, connectRetryTime, passive, families,
                gr, restartTime, addPathReceive, maxBackoffTime, sendHoldTime, restarting);
    }

    public SessionSettings withRestarting(boolean r) {
        return new SessionSettings(name, localAs, localBgpIdentifier, peerAs, holdTime, keepaliveTime, connectRetryTime, passive, families,
                gracefulRestart, restartTime, addPathReceive, maxBackoffTime, sendHoldTime, r);
    }

    public SessionSettings withFamilies(Set<Family> f) {
        return new SessionSettings(name, localAs, localBgpIdentifier, peerAs, holdTime, keepaliveTime, connectRetryTime, passive, f,
                gracefulRestart, restartTime, addPathReceive, maxBackoffTime, sendHoldTime, restarting);
    }
}
