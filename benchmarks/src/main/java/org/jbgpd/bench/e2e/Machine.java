package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the figures were measured on: CPU model, cores, memory, kernel, JDK. */
record Machine(String cpu, int cores, long memoryBytes, String kernel, String jdk) {
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
                System.getProperty("java.vm.name") + " " + Runtime.version());
    }

    String describe() {
        return String.format(Locale.ROOT, "%s, %d cores, %.1f GiB RAM, Linux %s, %s", cpu, cores, memoryBytes / 1073741824.0, kernel, jdk);
    }
}
