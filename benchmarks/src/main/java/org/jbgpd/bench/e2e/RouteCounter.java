package org.jbgpd.bench.e2e;

/** Where the harness looks to see how many routes a receiver holds: the kernel, or a RIB for GoBGP. */
interface RouteCounter {
    long count();

    String describe();
}
