package org.jbgpd.control;

/**
 * One row of {@code show peers}, in the spirit of {@code calicoctl node status}.
 *
 * @param type "iBGP", "eBGP", or "dynamic iBGP"/"dynamic eBGP" for neighbors from a range
 * @param state RFC 4271 state name (Idle, Connect, Active, OpenSent, OpenConfirm, Established), or "Disabled"
 * @param since when the peer entered this state, ISO-8601 UTC; null if never
 * @param info a short human note: "Established", the last error, or "administratively down"
 */
public record PeerSummary(
        String name,
        String address,
        String type,
        String state,
        String since,
        String info,
        long prefixesReceived,
        long prefixesAccepted,
        long prefixesInstalled) {}
