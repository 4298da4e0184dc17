/**
 * The FIB port: what the route engine asks of the kernel's forwarding table, and what it hears
 * back. The engine owns this port; the daemon's netlink package implements it, and
 * {@link org.jbgpd.fib.InMemoryFib} implements it for tests and for {@code kernel.enabled: false}.
 * See ADR 0060.
 */
package org.jbgpd.fib;
