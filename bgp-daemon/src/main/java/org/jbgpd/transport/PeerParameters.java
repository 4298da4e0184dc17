package org.jbgpd.transport;

import org.jbgpd.session.SessionSettings;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;

import java.util.Set;

/**
 * One configured peer, as the daemon maps it from the YAML config. Times are seconds.
 *
 * @param port           the peer's TCP port for our connects (179)
 * @param md5Password    the TCP MD5 key (RFC 2385; the content of passwordFile), or null
 * @param ttlSecurity    GTSM hops (RFC 5082): send TTL 255 and accept only TTL >= 256 - hops; 0 = off
 * @param multihopTtl    TTL of our packets when GTSM is off; 0 = like BIRD: 1 for eBGP, the system default for iBGP
 * @param sourceAddress  local address for our connects, or null
 * @param sendHoldTime   RFC 9687 send hold time; 0 (the default, and all the config file sets) means
 *                       max(480, 2 x hold time). Not a config key: tests shorten it to prove the timer on a real socket.
 */
public record PeerParameters(
        String name,
        IpAddress address,
        int port,
        long asNumber,
        String md5Password,
        int holdTime,
        int keepaliveTime,
        int connectRetryTime,
        boolean passive,
        int ttlSecurity,
        int multihopTtl,
        IpAddress sourceAddress,
        Set<Family> families,
        boolean gracefulRestart,
        int restartTime,
        boolean addPathReceive,
        int sendHoldTime) {

    public PeerParameters {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a peer needs a name");
        if (ttlSecurity < 0 || ttlSecurity > 254) throw new IllegalArgumentException("ttlSecurity hops must be 0..254: " + ttlSecurity);
        if (multihopTtl < 0 || multihopTtl > 255) throw new IllegalArgumentException("multihop TTL must be 0..255: " + multihopTtl);
        if (md5Password != null && (md5Password.isEmpty() || md5Password.length() > 80)) {
            throw new IllegalArgumentException("a TCP MD5 key has 1..80 characters");
        }
        if (sendHoldTime < 0) throw new IllegalArgumentException("send hold time must be >= 0: " + sendHoldTime);
        families = Set.copyOf(families);
    }

    /** Every parameter but the send hold time, which keeps its default. */
    public PeerParameters(String name, IpAddress address, int port, long asNumber, String md5Password, int holdTime, int keepaliveTime,
                          int connectRetryTime, boolean passive, int ttlSecurity, int multihopTtl, IpAddress sourceAddress,
                          Set<Family> families, boolean gracefulRestart, int restartTime, boolean addPathReceive) {
        this(name, address, port, asNumber, md5Password, holdTime, keepaliveTime, connectRetryTime, passive, ttlSecurity, multihopTtl,
                sourceAddress, families, gracefulRestart, restartTime, addPathReceive, 0);
    }

    /** The usual peer: port 179, hold 90, keepalive 30, connect retry 5, both families, GR 120 s, add-path receive. */
    public static PeerParameters of(String name, IpAddress address, long asNumber) {
        return new PeerParameters(name, address, 179, asNumber, null, 90, 30, 5, false, 0, 0, null,
                Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), true, 120, true, 0);
    }

    public PeerParameters withAddress(String n, IpAddress a) {
        return new PeerParameters(n, a, port, asNumber, md5Password, holdTime, keepaliveTime, connectRetryTime, passive, ttlSecurity,
                multihopTtl, sourceAddress, families, gracefulRestart, restartTime, addPathReceive, sendHoldTime);
    }

    public PeerParameters withPort(int p) {
        return new PeerParameters(name, address, p, asNumber, md5Password, holdTime, keepaliveTime, connectRetryTime, passive, ttlSecurity,
                multihopTtl, sourceAddress, families, gracefulRestart, restartTime, addPathReceive, sendHoldTime);
    }

    public PeerParameters withTimers(int hold, int keepalive, int connectRetry) {
        return new PeerParameters(name, address, port, asNumber, md5Password, hold, keepalive, connectRetry, passive, ttlSecurity,
                multihopTtl, sourceAddress, families, gracefulRestart, restartTime, addPathReceive, sendHoldTime);
    }

    public PeerParameters withPassive(boolean p) {
        return new PeerParameters(name, address, port, asNumber, md5Password, holdTime, keepaliveTime, connectRetryTime, p, ttlSecurity,
                multihopTtl, sourceAddress, families, gracefulRestart, restartTime, addPathReceive, sendHoldTime);
    }

    public PeerParameters withMd5Password(String key) {
        return new PeerParameters(name, address, port, asNumber, key, holdTime, keepaliveTime, connectRetryTime, passive, ttlSecurity,
                multihopTtl, sourceAddress, families, gracefulRestart, restartTime, addPathReceive, sendHoldTime);
    }

    public PeerParameters withTtlSecurity(int hops) {
        return new PeerParameters(name, address, port, asNumber, md5Password, holdTime, keepaliveTime, connectRetryTime, passive, hops,
                multihopTtl, sourceAddress, families, gracefulRestart, restartTime, addPathReceive, sendHoldTime);
    }

    public PeerParameters withSourceAddress(IpAddress src) {
        return new PeerParameters(name, address, port, asNumber, md5Password, holdTime, keepaliveTime, connectRetryTime, passive, ttlSecurity,
                multihopTtl, src, families, gracefulRestart, restartTime, addPathReceive, sendHoldTime);
    }

    public PeerParameters withFamilies(Set<Family> f) {
        return new PeerParameters(name, address, port, asNumber, md5Password, holdTime, keepaliveTime, connectRetryTime, passive, ttlSecurity,
                multihopTtl, sourceAddress, f, gracefulRestart, restartTime, addPathReceive, sendHoldTime);
    }

    public PeerParameters withGracefulRestart(boolean gr) {
        return new PeerParameters(name, address, port, asNumber, md5Password, holdTime, keepaliveTime, connectRetryTime, passive, ttlSecurity,
                multihopTtl, sourceAddress, families, gr, restartTime, addPathReceive, sendHoldTime);
    }

    public PeerParameters withSendHoldTime(int seconds) {
        return new PeerParameters(name, address, port, asNumber, md5Password, holdTime, keepaliveTime, connectRetryTime, passive, ttlSecurity,
                multihopTtl, sourceAddress, families, gracefulRestart, restartTime, addPathReceive, seconds);
    }

    /** The state machine's share of these parameters. */
    SessionSettings sessionSettings(SpeakerParameters speaker) {
        return new SessionSettings(name, speaker.localAs(), speaker.routerId().v4(), asNumber, holdTime, keepaliveTime, connectRetryTime,
                passive, families, gracefulRestart, restartTime, addPathReceive, Math.max(120, connectRetryTime), sendHoldTime,
                speaker.restarting());
    }

    /** The TTL our packets leave with, or 0 for the system default. */
    int outgoingTtl(long localAs) {
        if (ttlSecurity > 0) return 255;
        if (multihopTtl > 0) return multihopTtl;
        return asNumber == localAs ? 0 : 1;
    }

    /** RFC 5082: the lowest TTL a packet from the peer may arrive with, or 0 when GTSM is off. */
    int minimumTtl() {
        return ttlSecurity > 0 ? 256 - ttlSecurity : 0;
    }
}
