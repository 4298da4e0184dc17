package org.jbgpd.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code system_cpu_usage} and {@code process_cpu_usage}: the share of the CPUs used since the previous
 * read (0..1), as the JDK computes them on a host without CPU limits: the system's from the first line
 * of /proc/stat (user + nice + system + irq + softirq over those and idle + iowait), the process's from
 * its CPU time over the wall time times the CPUs the JVM may use.
 *
 * <p>Not {@code OperatingSystemMXBean.getCpuLoad()}/{@code getProcessCpuLoad()}: wherever cgroups are
 * mounted (any systemd host) the JDK reads the cgroup's CPU quota, shares and cpuset files at every
 * call, ~80 KB of garbage each, two thirds of what a scrape allocated (ADR 0130). The one difference:
 * under a CPU quota the JDK relates the process's usage to the quota and the system's to the cgroup;
 * here the process's is relative to {@link Runtime#availableProcessors()} (which follows the quota,
 * rounded up to whole CPUs) and the system's is the host's.
 */
final class CpuUsage {

    private static final Path STAT = Path.of("/proc/stat");

    private final com.sun.management.OperatingSystemMXBean os;
    private final ByteBuffer line = ByteBuffer.allocate(256);
    private final long[] fields = new long[7];
    private long lastBusy, lastTotal;
    private long lastCpuNanos, lastWallNanos;

    CpuUsage(com.sun.management.OperatingSystemMXBean os) {
        this.os = os;
        lastWallNanos = System.nanoTime();
        lastCpuNanos = os.getProcessCpuTime();
    }

    /** The system's CPU usage since the previous call (the first: since boot); the JDK's value where /proc/stat cannot be read. */
    synchronized double system() {
        if (!readCpuLine()) return os.getCpuLoad();
        long busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6];
        long total = busy + fields[3] + fields[4];
        long dBusy = busy - lastBusy, dTotal = total - lastTotal;
        lastBusy = busy;
        lastTotal = total;
        return dTotal <= 0 ? 0 : Math.clamp((double) dBusy / dTotal, 0.0, 1.0);
    }

    /** This JVM's CPU usage since the previous call (the first: since this object was made). */
    synchronized double process() {
        long cpu = os.getProcessCpuTime(), wall = System.nanoTime();
        if (cpu < 0) return -1; // not supported, as the JDK says it
        long dCpu = cpu - lastCpuNanos, dWall = wall - lastWallNanos;
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        return dWall <= 0 ? 0 : Math.clamp((double) dCpu / ((double) dWall * Runtime.getRuntime().availableProcessors()), 0.0, 1.0);
    }

    /** Reads "cpu  user nice system idle iowait irq softirq ..." into {@link #fields}; false if the line is not there. */
    private boolean readCpuLine() {
        line.clear();
        // Opened per read (~1 KB of garbage) rather than held: no descriptor kept for the registry's life.
        try (FileChannel stat = FileChannel.open(STAT, StandardOpenOption.READ)) {
            while (line.hasRemaining() && stat.read(line) > 0) {
                // the first line fits: a few numbers of at most 20 digits each
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
        byte[] b = line.array();
        int n = line.position();
        if (n < 4 || b[0] != 'c' || b[1] != 'p' || b[2] != 'u' || b[3] != ' ') return false;
        int i = 4;
        for (int f = 0; f < fields.length; f++) {
            while (i < n && b[i] == ' ') i++;
            if (i >= n || b[i] < '0' || b[i] > '9') return false;
            long v = 0;
            while (i < n && b[i] >= '0' && b[i] <= '9') v = v * 10 + (b[i++] - '0');
            fields[f] = v;
        }
        return true;
    }
}
