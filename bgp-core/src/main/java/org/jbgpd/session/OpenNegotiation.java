package org.jbgpd.session;

import org.jbgpd.wire.Family;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Our OPEN, the checks on the peer's (RFC 4271 §6.2 with RFC 6286 and RFC 6793), and what the two agree on (RFC 5492:
 * a capability counts only when both sides advertised it).
 */
final class OpenNegotiation {

    private static final Logger log = LoggerFactory.getLogger(OpenNegotiation.class);

    private final SessionSettings settings;
    private final OpenFields localOpen;
    /** Our OPEN right after a planned restart: R bit and F bits set (null when graceful restart is off). */
    private final OpenFields restartingOpen;

    OpenNegotiation(SessionSettings settings) {
        this.settings = settings;
        this.localOpen = buildLocalOpen(settings, false);
        this.restartingOpen = settings.gracefulRestart() ? buildLocalOpen(settings, true) : localOpen;
    }

    OpenFields localOpen() { return localOpen; }

    /** The OPEN to send: after a planned restart, until the first session is Established, the restarting one. */
    OpenFields localOpen(boolean restarting) { return restarting ? restartingOpen : localOpen; }

    private static OpenFields buildLocalOpen(SessionSettings s, boolean restarting) {
        Map<Family, AddPathMode> addPath = new HashMap<>();
        if (s.addPathReceive()) for (Family f : s.families()) addPath.put(f, AddPathMode.RECEIVE);
        GracefulRestartInfo gr = null;
        if (s.gracefulRestart()) {
            // A fresh start has no forwarding state to preserve for the peer's routes, so every F bit is clear; a planned
            // restart kept our kernel routes, so then every F bit (and the Restart State bit) is set.
            Map<Family, Boolean> fwd = new HashMap<>();
            for (Family f : s.families()) fwd.put(f, restarting);
            gr = new GracefulRestartInfo(restarting, s.restartTime(), fwd, true); // N bit: RFC 8538 (ADR 0050)
        }
        OpenCapabilities caps = new OpenCapabilities(true, s.families(), s.localAs(), true, true, addPath, gr, false, java.util.List.of());
        int myAs = s.localAs() > 0xffff ? OpenFields.AS_TRANS : (int) s.localAs();
        return new OpenFields(4, myAs, s.holdTime(), s.localBgpIdentifier(), caps);
    }

    /** The NOTIFICATION an unacceptable OPEN earns, or null when it is acceptable. */
    NotificationData validate(OpenFields open) {
        if (open.version() != 4) return NotificationData.unsupportedVersion();
        long peerAs = open.effectiveAs();
        if (settings.peerAs() != 0 && peerAs != settings.peerAs()) {
            log.warn("peer {}: announces AS {}, configured is AS {}", settings.name(), peerAs, settings.peerAs());
            return NotificationData.of(NotificationData.OPEN_MESSAGE_ERROR, NotificationData.BAD_PEER_AS);
        }
        if (open.holdTime() == 1 || open.holdTime() == 2) {
            return NotificationData.of(NotificationData.OPEN_MESSAGE_ERROR, NotificationData.UNACCEPTABLE_HOLD_TIME);
        }
        // RFC 6286 §2.2: the identifier must be non-zero, and differ from ours on an internal session.
        boolean internal = peerAs == settings.localAs();
        if (open.bgpIdentifier() == 0 || (internal && open.bgpIdentifier() == settings.localBgpIdentifier())) {
            return NotificationData.of(NotificationData.OPEN_MESSAGE_ERROR, NotificationData.BAD_BGP_IDENTIFIER);
        }
        return null;
    }

    Negotiated negotiate(OpenFields open) {
        OpenCapabilities peer = open.capabilities();
        Set<Family> families = EnumSet.noneOf(Family.class);
        for (Family f : settings.families()) if (peer.effectiveFamilies().contains(f)) families.add(f);
        Set<Family> addPathReceive = EnumSet.noneOf(Family.class);
        Set<Family> addPathSend = EnumSet.noneOf(Family.class);
        for (Family f : families) {
            AddPathMode theirs = peer.addPath().get(f);
            if (theirs == null) continue;
            if (settings.addPathReceive() && theirs.sends()) addPathReceive.add(f);
            // jbgpd advertises receive only, so it never sends several paths.
        }
        GracefulRestartInfo gr = settings.gracefulRestart() ? peer.gracefulRestart() : null;
        int hold = Math.min(settings.holdTime(), open.holdTime());
        int keepalive = 0;
        if (hold > 0) {
            keepalive = hold / 3;
            if (settings.keepaliveTime() > 0) keepalive = Math.min(keepalive, settings.keepaliveTime());
            keepalive = Math.max(1, keepalive);
        }
        return new Negotiated(open.effectiveAs(), open.bgpIdentifier(), families, peer.fourOctetAs() >= 0, peer.routeRefresh(),
                peer.enhancedRouteRefresh(), addPathReceive, addPathSend, gr, false, hold, keepalive);
    }

    /** Says clearly what the peer did not agree to, since a silently missing family looks like "no routes". */
    void logOutcome(Negotiated n, OpenFields open) {
        for (Family f : settings.families()) {
            if (!n.families().contains(f)) log.warn("peer {}: peer does not support {}; no {} routes on this session", settings.name(), f.configName(), f.configName());
        }
        if (n.families().isEmpty()) log.warn("peer {}: no address family in common, the session will carry no routes", settings.name());
        if (!open.capabilities().otherCodes().isEmpty()) {
            log.debug("peer {}: ignoring capabilities {}", settings.name(), open.capabilities().otherCodes());
        }
    }
}
