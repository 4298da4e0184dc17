package org.jbgpd.bench.e2e;

/**
 * The kernel's own limit: the same N routes written straight into the receiver namespace's
 * main table, no BGP involved, in a shuffled order (so the trie sees no friendly sequence),
 * then deleted in another shuffled order.
 */
interface KernelFloor {
    String id();

    String label();

    Measurement measure(Topology topology, RouteSet routes, int run, PrintSink out);
}
