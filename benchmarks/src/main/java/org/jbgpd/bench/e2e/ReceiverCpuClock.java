package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The CPU time a receiver's threads have used, in nanoseconds, precise enough to tell within 20 ms whether its
 * route writer is still working (ADR 0127): the first field of /proc/PID/task/TID/schedstat (on-CPU ns; the
 * kernel's insert runs inside the writer's sendmsg, so it counts there) of every thread of the processes the
 * harness started and their descendants. Each file is kept open and re-read at offset 0 (as the slab file,
 * ADR 0096 addendum); the thread lists are listed again every {@link #RELIST_NANOS}. A thread's time counts
 * from its first read, and a thread that ends keeps what it had added, so the clock never runs backwards.
 * Not thread-safe; one poller.
 */
final class ReceiverCpuClock implements AutoCloseable {
    static final long RELIST_NANOS = 200_000_000L;

    /** The task directories of the processes to watch, asked again at every relist (a writer may be started later). */
    private final Supplier<List<Path>> taskDirs;
    private final Map<Path, LeadingNumberFile> files = new HashMap<>();
    private final Map<Path, Long> last = new HashMap<>();
    private long total;
    private long listedAt = Long.MIN_VALUE;

    private ReceiverCpuClock(Supplier<List<Path>> taskDirs) {
        this.taskDirs = taskDirs;
    }

    /** The threads of {@code processes} and their descendants (listed now; threads are listed as they come). */
    static ReceiverCpuClock of(List<Process> processes) {
        List<Path> dirs = new ArrayList<>();
        for (Process p : processes) {
            if (!p.isAlive()) continue;
            dirs.add(Path.of("/proc", Long.toString(p.pid()), "task"));
            p.descendants().forEach(d -> dirs.add(Path.of("/proc", Long.toString(d.pid()), "task")));
        }
        List<Path> fixed = List.copyOf(dirs);
        return new ReceiverCpuClock(() -> fixed);
    }

    /**
     * The threads of whichever process {@code current} names at each relist (null: none yet): DatingCheck's C writer,
     * started once per part of the install after the wait began.
     */
    static ReceiverCpuClock ofCurrent(Supplier<Process> current) {
        return new ReceiverCpuClock(() -> {
            Process p = current.get();
            return p == null ? List.of() : List.of(Path.of("/proc", Long.toString(p.pid()), "task"));
        });
    }

    /** Nanoseconds on a CPU since the first call, over all threads; -1 when no thread could be read. */
    long nanos(long nowNanos) {
        if (listedAt == Long.MIN_VALUE || nowNanos - listedAt >= RELIST_NANOS) {
            listedAt = nowNanos;
            relist();
        }
        boolean any = false;
        for (var it = files.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, LeadingNumberFile> e = it.next();
            long v = e.getValue().read();
            if (v < 0) { // the thread ended; what it used is counted already
                it.remove();
                last.remove(e.getKey());
                continue;
            }
            any = true;
            Long before = last.put(e.getKey(), v);
            if (before != null && v > before) total += v - before;
        }
        return any ? total : -1;
    }

    private void relist() {
        for (Path dir : taskDirs.get()) {
            try (Stream<Path> tasks = Files.list(dir)) {
                tasks.forEach(t -> files.computeIfAbsent(t.resolve("schedstat"), LeadingNumberFile::new));
            } catch (IOException | RuntimeException e) {
                // the process ended: its threads' files fail to read and add nothing more
            }
        }
    }

    @Override
    public void close() {
        files.values().forEach(LeadingNumberFile::close);
        files.clear();
    }
}
