package org.jbgpd.control;

import java.util.List;
import java.util.Map;

/**
 * {@code show peer NAME}: negotiated parameters, counters and the last error.
 *
 * @param holdTime negotiated hold time in seconds (configured one while not established)
 * @param capabilities negotiated capabilities, e.g. "mp ipv4", "4-octet-as", "graceful-restart 120"
 * @param messagesIn counts by message type ("open", "update", "notification", "keepalive", "route-refresh")
 * @param lastError the last NOTIFICATION or transport error, or null
 */
public record PeerDetail(
        PeerSummary summary,
        long localAs,
        long remoteAs,
        String remoteRouterId,
        String localAddress,
        int holdTime,
        int keepaliveTime,
        List<String> families,
        List<String> capabilities,
        Map<String, Long> messagesIn,
        Map<String, Long> messagesOut,
        long establishedTransitions,
        String lastError,
        boolean enabled) {}
