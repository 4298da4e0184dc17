package org.jbgpd.bench.e2e;

/** Where the harness looks to see how many routes a receiver holds: the kernel, or a RIB for GoBGP. */
interface RouteCounter {
    long count();

    String describe();

    /**
     * The shortest pause between two counts. A count that starts a process (GoBGP's CLI in the
     * namespace) costs tens of ms of CPU each time; polled every few tens of ms it would take a
     * third of a core from the 2-core machine the receiver runs on, and slow the receiver it times.
     */
    default long minPollMillis() {
        return 20;
    }
}
