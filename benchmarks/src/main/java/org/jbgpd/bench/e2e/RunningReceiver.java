package org.jbgpd.bench.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The processes of one started receiver, its log, and (for RIB-only daemons) how to count its routes. */
final class RunningReceiver implements AutoCloseable {
    final List<Process> processes;
    final Path log;
    final RouteCounter ribCounter;
    /** For a receiver that times its own finish (the null receiver, ADR 0111): asked once all N are counted; null otherwise. */
    final java.util.function.Supplier<SelfTimed> selfTimed;

    /** When the receiver itself saw its last route arrive, its End-of-RIB (or null), and a line for the log. */
    record SelfTimed(java.time.Instant lastRoute, java.time.Instant endOfRib, String detail) {}

    RunningReceiver(List<Process> processes, Path log, RouteCounter ribCounter) {
        this(processes, log, ribCounter, null);
    }

    RunningReceiver(List<Process> processes, Path log, RouteCounter ribCounter, java.util.function.Supplier<SelfTimed> selfTimed) {
        this.processes = List.copyOf(processes);
        this.log = log;
        this.ribCounter = ribCounter;
        this.selfTimed = selfTimed;
    }

    /** Null while every process runs; otherwise which one ended, with its status and last output. */
    String deadReason() {
        for (Process p : processes) {
            if (!p.isAlive()) return "process " + p.info().command().orElse("pid " + p.pid()) + " exited with status " + p.exitValue() + ": " + Logs.tail(log, 3);
        }
        return null;
    }

    @Override
    public void close() {
        // Stop in reverse start order (FRR: bgpd before zebra, so zebra can remove the routes).
        List<Process> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        for (Process p : reversed) Commands.stop(p, 10_000);
    }
}
