package org.jbgpd.session;

import org.jbgpd.wire.Family;

import java.util.Map;

/**
 * A Graceful Restart capability (RFC 4724 §3): whether the sender is restarting (R bit), how long the receiver
 * should keep its routes, and per family whether forwarding state was preserved (F bit).
 */
public record GracefulRestartInfo(boolean restarting, int restartTimeSeconds, Map<Family, Boolean> forwardingPreserved) {

    public GracefulRestartInfo {
        if (restartTimeSeconds < 0 || restartTimeSeconds > 4095) throw new IllegalArgumentException("restart time is 12 bits: " + restartTimeSeconds);
        forwardingPreserved = Map.copyOf(forwardingPreserved);
    }
}
