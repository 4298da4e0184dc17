package org.jbgpd.bench.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The processes of one started receiver, its log, and (for RIB-only daemons) how to count its routes. */
final class RunningReceiver implements AutoCloseable {
    final List<Process> processes;
    final Path log;
    final RouteCounter ribCounter;

    RunningReceiver(List<Process> processes, Path log, RouteCounter ribCounter) {
        this.processes = List.copyOf(processes);
        this.log = log;
        this.ribCounter = ribCounter;
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
