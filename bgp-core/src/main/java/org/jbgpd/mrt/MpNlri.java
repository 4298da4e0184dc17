package org.jbgpd.mrt;

import java.util.List;
import org.jbgpd.wire.IpAddress;

/**
 * The content of one MP_REACH_NLRI or MP_UNREACH_NLRI attribute as bgpdump prints it.
 *
 * @param nextHop the (global) next hop; null in MP_UNREACH_NLRI
 */
public record MpNlri(int afi, int safi, IpAddress nextHop, List<Nlri> prefixes) {}
