package org.jbgpd.control;

import java.util.List;

/**
 * One path to a prefix as {@code show route} prints it.
 *
 * @param localPref null when the attribute is absent (eBGP)
 * @param med null when absent
 * @param best chosen by the decision process
 * @param multipath used as an equal-cost next hop alongside the best
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
        boolean multipath) {}
