package org.jbgpd.daemon;

import java.util.ArrayList;
import java.util.List;
import org.jbgpd.config.JbgpdConfig;
import org.jbgpd.config.NeighborRangeConfig;
import org.jbgpd.config.PeerConfig;
import org.jbgpd.config.SessionSettings;
import org.jbgpd.wire.Family;

/**
 * How many prefixes per family the RIB's tables are presized for, read from the config (ADR 0083).
 * The RIB grows by itself, so this only decides what a start costs: a Calico gateway (a few thousand
 * pod blocks, no maxPrefixes) starts small instead of holding arrays for 64k prefixes (~4 MiB of heap),
 * while a peer configured for a full table (maxPrefixes: 1000000) gets its arrays once, not by doubling.
 *
 * @param ipv4 expected IPv4 prefixes
 * @param ipv6 expected IPv6 prefixes
 */
record RibSize(int ipv4, int ipv6) {

    /** Without a maxPrefixes: room for a Calico-scale table before the first doubling. */
    static final int DEFAULT_IPV4 = 8192;
    static final int DEFAULT_IPV6 = 1024;
    /** A typo like maxPrefixes: 100000000 must not preallocate gigabytes; beyond this the RIB grows. */
    static final int MOST = 1 << 21;

    static RibSize of(JbgpdConfig config) {
        List<SessionSettings> sessions = new ArrayList<>();
        for (PeerConfig p : config.peers()) sessions.add(p.session());
        for (NeighborRangeConfig r : config.neighborRanges()) sessions.add(r.session());
        return new RibSize(expected(sessions, Family.IPV4_UNICAST, DEFAULT_IPV4), expected(sessions, Family.IPV6_UNICAST, DEFAULT_IPV6));
    }

    /** The largest maxPrefixes of a session that carries the family (peers mostly send the same prefixes). */
    private static int expected(List<SessionSettings> sessions, Family family, int fallback) {
        long most = 0;
        for (SessionSettings s : sessions) {
            if (s.families().contains(family)) most = Math.max(most, s.maxPrefixes());
        }
        return (int) Math.min(MOST, Math.max(fallback, most));
    }
}
