package org.jbgpd.daemon;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jbgpd.session.SessionSnapshot;
import org.jbgpd.session.SessionState;
import org.jbgpd.transport.PeerSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log which peers cannot be reached. A wrong MD5 key or a filtered port gives no
 * NOTIFICATION and often no error at all (the SYNs are just dropped), so an operator would see
 * nothing; this names every peer that stays down longer than {@link #GRACE_MILLIS}, once per
 * distinct situation, and says nothing while a peer is Established.
 */
final class PeerStateLog implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(PeerStateLog.class);
    static final long GRACE_MILLIS = 10_000;

    private final Supplier<List<PeerSnapshot>> peers;
    private final LongSupplier clock;
    private final Map<String, Long> downSince = new HashMap<>();
    private final Map<String, String> lastLogged = new HashMap<>();

    PeerStateLog(Supplier<List<PeerSnapshot>> peers, LongSupplier clock) {
        this.peers = peers;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            check();
        } catch (RuntimeException e) {
            log.debug("peer state check failed: {}", e.toString());
        }
    }

    /** The lines logged by this check (for tests); logs them too. */
    List<String> check() {
        long now = clock.getAsLong();
        Set<String> seen = new HashSet<>();
        List<String> lines = new java.util.ArrayList<>();
        for (PeerSnapshot p : peers.get()) {
            String name = p.peer().name();
            seen.add(name);
            SessionSnapshot s = p.session();
            if (s.state() == SessionState.ESTABLISHED || !s.enabled()) {
                downSince.remove(name);
                lastLogged.remove(name);
                continue;
            }
            long since = downSince.computeIfAbsent(name, n -> now);
            if (now - since < GRACE_MILLIS) continue;
            String why = s.lastError() == null ? "no answer yet (a wrong TCP MD5 key or a filter drops the connection silently)"
                    : s.lastError().describe();
            // Keyed on the reason only: Connect and Active alternate on every retry and would repeat the line.
            if (why.equals(lastLogged.get(name))) continue;
            lastLogged.put(name, why);
            String line = "peer " + name + " (" + p.peer().address() + "): not established for " + (now - since) / 1000
                    + " s, state " + s.state().displayName() + ": " + why;
            log.warn(line);
            lines.add(line);
        }
        downSince.keySet().retainAll(seen);
        lastLogged.keySet().retainAll(seen);
        return lines;
    }
}
