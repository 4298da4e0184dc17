package org.jbgpd.bench.rib;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/** CPU time of the route engine's thread, to report what one core does on a shared machine. */
final class EngineCpu {

    private EngineCpu() { }

    static long nanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals("route-engine")) return mx.getThreadCpuTime(t.getThreadId());
        }
        throw new IllegalStateException("no route-engine thread");
    }
}
