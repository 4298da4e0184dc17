package org.jbgpd.rib;

import org.jbgpd.wire.PathAttributes;
import org.jbgpd.wire.IpAddress;

/**
 * One path of a prefix for the control plane.
 *
 * @param attributes after import policy, or as received when {@code accepted} is false
 * @param best       chosen by the decision process
 * @param multipath  one of the paths whose next hops are installed
 * @param reachable  its next hop is reachable
 */
public record PathView(String peer, IpAddress peerAddress, int pathId, PathAttributes attributes,
                       boolean accepted, boolean best, boolean multipath, boolean stale, boolean reachable) { }
