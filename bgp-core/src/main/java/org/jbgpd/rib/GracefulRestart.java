package org.jbgpd.rib;

import org.jbgpd.wire.Family;

import java.util.Set;

/**
 * The Graceful Restart capability a peer sent (RFC 4724), as negotiated.
 *
 * @param restartTimeSeconds  how long to keep its routes after its session drops
 * @param restarting          the R bit: the peer has just restarted
 * @param families            families the peer can restart for
 * @param forwardingPreserved families whose F bit was set: routes of the others are flushed at once
 */
public record GracefulRestart(int restartTimeSeconds, boolean restarting, Set<Family> families, Set<Family> forwardingPreserved) {
    public GracefulRestart {
        families = Set.copyOf(families);
        forwardingPreserved = Set.copyOf(forwardingPreserved);
    }
}
