package org.jbgpd.bench.rib;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * CPU time and allocated bytes of the route engine's thread: what one core does on a shared machine,
 * and the garbage the engine itself makes per route (the session's decode and the FIB's are not in it).
 */
final class EngineCpu {

    private EngineCpu() { }

    static long nanos() {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(engineThreadId());
    }

    /** Bytes the engine thread has allocated so far (garbage and retained alike). */
    static long allocatedBytes() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return ((com.sun.management.ThreadMXBean) mx).getThreadAllocatedBytes(engineThreadId());
    }

    private static long engineThreadId() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals("route-engine")) return t.getThreadId();
        }
        throw new IllegalStateException("no route-engine thread");
    }
}
