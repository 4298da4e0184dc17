package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory and CPU of a receiver's processes from /proc, summed over the processes the harness
 * started and their descendants (FRR: zebra + bgpd; jbgpd: the launcher execs java, one pid).
 * VmHWM is the kernel's record of the peak resident set; CPU is utime + stime of all threads.
 */
final class ProcStats {
    /** USER_HZ: what /proc/PID/stat counts CPU time in; 100 on every Linux architecture we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {}

    record Sample(long peakRssBytes, long rssBytes, double cpuSeconds) {}

    static Sample of(List<Process> processes) {
        long hwm = 0;
        long rss = 0;
        double cpu = 0;
        for (long pid : pids(processes)) {
            Path dir = Path.of("/proc", Long.toString(pid));
            try {
                for (String line : Files.readAllLines(dir.resolve("status"))) {
                    if (line.startsWith("VmHWM:")) hwm += kib(line) * 1024;
                    else if (line.startsWith("VmRSS:")) rss += kib(line) * 1024;
                }
                String stat = Files.readString(dir.resolve("stat"));
                // Fields after the ")" that ends the command name: state is field 3, utime 14, stime 15.
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
            } catch (IOException | RuntimeException e) {
                // The process ended between listing and reading: it holds no memory any more.
            }
        }
        return new Sample(hwm, rss, cpu);
    }

    private static List<Long> pids(List<Process> processes) {
        List<Long> pids = new ArrayList<>();
        for (Process p : processes) {
            if (!p.isAlive()) continue;
            pids.add(p.pid());
            p.descendants().forEach(d -> pids.add(d.pid()));
        }
        return pids;
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** True when something in the namespace whose /proc/PID/net is {@code procNet} listens on TCP {@code port}. */
    static boolean listening(Path procNet, int port) {
        String hexPort = String.format(":%04X", port);
        for (String file : List.of("tcp", "tcp6")) {
            try {
                for (String line : Files.readAllLines(procNet.resolve(file))) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) return true;
                }
            } catch (IOException e) {
                // tcp6 is missing when IPv6 is off; keep looking in the other file.
            }
        }
        return false;
    }
}
