package org.jbgpd.config;

import org.jbgpd.wire.IpPrefix;

/**
 * Dynamic neighbors: any address in {@code range} may connect and gets these settings (BIRD's
 * "neighbor range", FRR's "bgp listen range"). Such sessions are always passive.
 */
public record NeighborRangeConfig(String name, IpPrefix range, SessionSettings session, String importPolicy, String exportPolicy) {}
