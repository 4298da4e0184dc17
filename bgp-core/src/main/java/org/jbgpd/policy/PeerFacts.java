package org.jbgpd.policy;

import org.jbgpd.wire.IpAddress;

/** What a policy may know about the peer a route came from (import) or goes to (export). */
public record PeerFacts(String name, IpAddress address, long asNumber, boolean ibgp) { }
