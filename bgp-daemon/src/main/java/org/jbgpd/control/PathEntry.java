package org.jbgpd.control;

import java.util.List;

/**
 * One path to a prefix as {@code show route} prints it.
 *
 * @param localPref null when the attribute is absent (eBGP)
 * @param med null when absent
 * @param best chosen by the decision process
 * @param multipath used as an equal-cost next hop alongside the best
 * @param unreachable its next hop is unreachable (no kernel route to it, or one no route can use), so it
 *                    cannot be chosen; named for the odd case so that an older daemon's answer reads as false
 * @param stale kept through the peer's graceful restart, until its End-of-RIB or the restart time
 */
public record PathEntry(
        String peer,
        String nextHop,
        String asPath,
        String origin,
        Long localPref,
        Long med,
        List<String> communities,
        boolean best,
        boolean multipath,
        boolean unreachable,
        boolean stale) {}
