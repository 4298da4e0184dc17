package org.jbgpd.mrt;

import java.util.List;

/** An UPDATE message from a BGP4MP record, as the printer needs it. */
public record UpdateLines(List<Nlri> withdrawn, LineAttributes attributes, List<Nlri> announced) {}
