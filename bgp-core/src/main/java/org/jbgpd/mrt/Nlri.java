package org.jbgpd.mrt;

import org.jbgpd.wire.IpPrefix;

/** One prefix of an UPDATE or MP_(UN)REACH_NLRI, with its add-path identifier (0 without add-path). */
public record Nlri(IpPrefix prefix, long pathId) {}
