package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the figures were measured on: CPU model, cores, memory, kernel, JDK, the jbgpd commit, and
 * the load average when the run started (the report adds the load at its last write).
 */
record Machine(String cpu, int cores, long memoryBytes, String kernel, String jdk, String commit, String loadAtStart) {
    static Machine current() {
        String cpu = "?";
        long mem = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) { cpu = line.substring(line.indexOf(':') + 1).strip(); break; }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) { mem = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024; break; }
            }
        } catch (IOException e) {
            // leave the unknowns as they are; the report shows "?"
        }
        String kernel;
        try {
            kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            kernel = "?";
        }
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), mem, kernel,
                System.getProperty("java.vm.name") + " " + Runtime.version(), headCommit(), Load.now());
    }

    /** The checked-out commit of the working directory, "+ changes" when it has uncommitted ones. */
    private static String headCommit() {
        try {
            Commands.Result head = Commands.run(java.util.List.of("git", "rev-parse", "--short", "HEAD"), 10);
            if (!head.ok()) return "?";
            Commands.Result status = Commands.run(java.util.List.of("git", "status", "--porcelain", "--untracked-files=no"), 30);
            return head.output().strip() + (status.ok() && !status.output().isBlank() ? " + uncommitted changes" : "");
        } catch (BenchException e) {
            return "?";
        }
    }

    String describe() {
        return String.format(Locale.ROOT, "%s, %d cores, %.1f GiB RAM, Linux %s, %s; jbgpd commit %s", cpu, cores, memoryBytes / 1073741824.0, kernel, jdk, commit);
    }
}
