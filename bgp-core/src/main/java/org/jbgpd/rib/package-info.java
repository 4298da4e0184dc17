/**
 * The route engine: one thread that owns every Adj-RIB-In, the Loc-RIB per family and what was
 * handed to the FIB. Sessions (through the daemon) feed it with {@link org.jbgpd.rib.RouteEngine}'s
 * methods; it answers through {@link org.jbgpd.rib.OutboundSink} and {@link org.jbgpd.fib.FibPort}.
 * Storage is primitive arrays indexed by small ints (ADR 0061); decision per RFC 4271 §9.1 and
 * RFC 4456 (ADR 0062).
 */
package org.jbgpd.rib;
