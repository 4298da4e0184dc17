package org.jbgpd.bench.e2e;

import java.nio.file.Path;

/**
 * A BGP daemon under test: started in the receiver namespace, passive, peering with the feeder
 * (AS 64513 receiving from AS 64512), installing what it learns into that namespace's kernel
 * main table, except where {@link #installsInKernel()} says otherwise.
 */
interface BgpReceiver {
    /** Short name for the command line and the table, e.g. bird2. */
    String id();

    /** What runs, with its version, e.g. "BIRD 2.0.12 (bgp + kernel)". */
    String label();

    /** Why this receiver cannot run on this machine at all (program missing), or null. */
    String missing();

    /** False for a daemon that only fills its RIB; the harness then counts its RIB, and says so. */
    default boolean installsInKernel() {
        return true;
    }

    /** True when the report should show its CPU per thread group (jbgpd: the threads are named by stage). */
    default boolean threadProfile() {
        return false;
    }

    /**
     * Asked once all N routes are counted (after the install is timed): null, or why the run must not count (the receiver
     * did not install the way its row says; jbgpd-nh: routes that name no nexthop object). Nothing by default.
     */
    default String checkInstalled(Topology topology, RouteSet routes, PrintSink out) {
        return null;
    }

    /** Asked once none of the N is left (after the withdraw is timed and the CPU read): null, or what it left behind. */
    default String checkWithdrawn(Topology topology, RouteSet routes, PrintSink out) {
        return null;
    }

    /** Writes its config into {@code dir} and starts it; returns at once. */
    RunningReceiver start(Topology topology, Scenario scenario, Path dir);
}
