package org.jbgpd.rib;

import org.jbgpd.wire.IpAddress;

/**
 * Per-peer figures for `show peers` and metrics; immutable, published after each engine batch.
 *
 * @param received routes in the peer's Adj-RIB-In (before policy)
 * @param accepted routes that passed import policy and loop checks
 * @param installed routes of this peer that are in an installed next-hop set (best or multipath)
 * @param stale    routes kept for a restarting peer (RFC 4724)
 * @param up       whether the engine considers the session up
 */
public record PeerCounts(String name, IpAddress address, long received, long accepted, long installed, long stale, boolean up) { }
