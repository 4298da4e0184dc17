package org.jbgpd.session;

import org.jbgpd.wire.Family;

import java.util.Map;

/**
 * A Graceful Restart capability (RFC 4724 §3): whether the sender is restarting (R bit), how long the receiver
 * should keep its routes, per family whether forwarding state was preserved (F bit), and whether the sender also
 * keeps routes across a NOTIFICATION other than Hard Reset (N bit, RFC 8538).
 */
public record GracefulRestartInfo(boolean restarting, int restartTimeSeconds, Map<Family, Boolean> forwardingPreserved, boolean notification) {

    public GracefulRestartInfo {
        if (restartTimeSeconds < 0 || restartTimeSeconds > 4095) throw new IllegalArgumentException("restart time is 12 bits: " + restartTimeSeconds);
        forwardingPreserved = Map.copyOf(forwardingPreserved);
    }

    /** Without RFC 8538 support (N bit clear). */
    public GracefulRestartInfo(boolean restarting, int restartTimeSeconds, Map<Family, Boolean> forwardingPreserved) {
        this(restarting, restartTimeSeconds, forwardingPreserved, false);
    }
}
