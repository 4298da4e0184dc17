package org.jbgpd.netlink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives the calling thread a nice value of its own (ADR 0102). On Linux, setpriority(PRIO_PROCESS)
 * with a thread id changes that one thread, not the process, so fib-sync can be ahead of the JIT,
 * GC, the engine and the sessions when they all want the two cores of a small gateway during a
 * table load. A value below 0 needs CAP_SYS_NICE (or RLIMIT_NICE): without it the thread keeps
 * its nice value and the refusal is logged once at info, nothing else changes.
 */
final class ThreadNice {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadNice.class);

    /** The system property that overrides fib-sync's nice value (0 = leave it alone); for measurements. */
    static final String FIB_SYNC_PROPERTY = "jbgpd.fib.nice";
    /**
     * fib-sync's default: 0, the process's own. -5 (weight 3121 against 1024) moved run-queue wait
     * from fib-sync to the route engine that feeds it under load, and on a quiet machine the 1M
     * install was not faster with it (3 runs each: medians 5.81 s at -5, 4.79 s at 0; ADR 0102
     * addendum), so it is there for measurement and for machines where other processes compete.
     */
    static final int FIB_SYNC_DEFAULT = 0;

    private ThreadNice() {}

    /** fib-sync's nice value: the {@link #FIB_SYNC_PROPERTY} property if it is a number in -20..19, else the default. */
    static int fibSyncNice() {
        Integer v = Integer.getInteger(FIB_SYNC_PROPERTY);
        if (v == null) return FIB_SYNC_DEFAULT;
        if (v < -20 || v > 19) {
            LOG.warn("{}={} is outside -20..19: using {}", FIB_SYNC_PROPERTY, v, FIB_SYNC_DEFAULT);
            return FIB_SYNC_DEFAULT;
        }
        return v;
    }

    /**
     * Sets the calling thread's nice value to {@code nice}; returns true if the kernel took it.
     * {@code what} names the thread in the log line.
     */
    static boolean applyToCurrentThread(int nice, String what) {
        try (Arena arena = Arena.ofConfined()) {
            int tid = currentThreadId();
            MemorySegment err = Libc.newErrnoSegment(arena);
            if (Libc.setpriority(err, Libc.PRIO_PROCESS, tid, nice) == 0) {
                LOG.info("{} (thread {}) runs at nice {}", what, tid, nice);
                return true;
            }
            LOG.info("{} keeps its nice value: setpriority({}) refused with {} (needs CAP_SYS_NICE)",
                    what, nice, Errno.name(Libc.errno(err)));
            return false;
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.info("{} keeps its nice value: {}", what, e.toString());
            return false;
        }
    }

    /** The calling thread's kernel thread id, from /proc/thread-self ("PID/task/TID"): no downcall for it. */
    static int currentThreadId() throws IOException {
        Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
        return Integer.parseInt(self.getFileName().toString());
    }

    /** The calling thread's nice value as the kernel reports it (field 19 of /proc/thread-self/stat). */
    static int currentThread() throws IOException {
        return niceOf(Path.of("/proc/thread-self"));
    }

    /** The nice value of the thread or process whose /proc directory this is. */
    static int niceOf(Path procDirectory) throws IOException {
        String stat = Files.readString(procDirectory.resolve("stat"));
        // After the parenthesised name (which may hold spaces): state is field 3, nice field 19.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }
}
