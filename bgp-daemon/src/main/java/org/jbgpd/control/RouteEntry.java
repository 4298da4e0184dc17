package org.jbgpd.control;

import java.util.List;

/** A prefix in the Loc-RIB with all its paths and the next hops installed in the kernel. */
public record RouteEntry(String prefix, List<PathEntry> paths, List<String> installedNextHops) {}
