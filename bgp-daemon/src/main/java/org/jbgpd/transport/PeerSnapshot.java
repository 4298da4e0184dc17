package org.jbgpd.transport;

import org.jbgpd.session.PeerId;
import org.jbgpd.session.SessionSnapshot;

/**
 * One peer as the CLI and metrics see it.
 *
 * @param localAddress  our end of the Established connection ("198.51.100.250:41234", "[2001:db8::1]:179"), or null
 * @param remoteAddress the peer's end, or null
 */
public record PeerSnapshot(PeerId peer, long asNumber, SessionSnapshot session, String localAddress, String remoteAddress) {}
