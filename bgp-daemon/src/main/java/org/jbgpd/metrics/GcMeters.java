package org.jbgpd.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The {@code jvm_gc_*} series, read from the collectors' and memory pools' MXBeans at each scrape
 * instead of from the JVM's GC notifications (Micrometer's JvmGcMetrics). A notification listener makes
 * the JVM build a {@code GarbageCollectionNotificationInfo} as open-type composite data after every
 * collection: ~57 classes (javax.management.openmbean, GcInfoCompositeData, generic-signature
 * reflection) loaded at the first GC after the first scrape, ~0.5 MiB at Calico scale (ADR 0117,
 * 0130), plus garbage at every GC. Polling gives the same names, with these differences:
 * <ul>
 * <li>{@code jvm_gc_pause_seconds{action,gc}}: count and total of each collector's pauses, exact (the
 *     MXBean's count and time, milliseconds as before); no {@code cause} label, which only the
 *     notification carries. {@code action} from the collector: "end of minor GC" or "end of major GC"
 *     for the generational collectors, "end of concurrent GC pause" for G1's remark and cleanup, "end of
 *     GC pause" for others (the JVM's own words). The {@code _max} is the longest
 *     mean pause between two scrapes in the last minute: exact while no two GCs of a collector fall
 *     between two scrapes (an idle Calico-scale daemon collects about every 100 s).
 * <li>{@code jvm_gc_memory_allocated_bytes_total}: bytes allocated by all threads since the meters were
 *     made (the JVM's own count), instead of young-generation growth between GCs.
 * <li>{@code jvm_gc_memory_promoted_bytes_total}: growth of the old generation between two scrapes with
 *     no major GC between them (promotions and objects allocated there directly); a lower bound where
 *     a major GC fell between scrapes, instead of old-generation growth across each GC.
 * <li>{@code jvm_gc_live_data_size_bytes}, {@code jvm_gc_max_data_size_bytes}: the old generation's
 *     use after its last collection and its maximum, as before.
 * </ul>
 * Concurrent cycles (ZGC, Shenandoah "Cycles" collectors) are not pauses and are left out; the
 * launcher runs the serial collector.
 */
final class GcMeters {

    /** One collector's pauses: the timer appears with its first collection after the meters were made, as the binder's did. */
    private static final class Collector {
        final GarbageCollectorMXBean bean;
        final String action;
        long count;
        long millis;
        Timer pauses;

        Collector(GarbageCollectorMXBean bean) {
            this.bean = bean;
            this.action = action(bean.getName());
            this.count = bean.getCollectionCount();
            this.millis = bean.getCollectionTime();
        }
    }

    private final List<Collector> collectors;
    private final MemoryPoolMXBean old;
    private final com.sun.management.ThreadMXBean threads;
    private final long allocatedAtStart;
    private long allocated;
    private long promoted;
    private long oldUsed;
    private long majorCount;
    private MeterRegistry registry;

    GcMeters() {
        List<Collector> list = new ArrayList<>();
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!b.getName().endsWith("Cycles")) list.add(new Collector(b));
        }
        collectors = List.copyOf(list);
        MemoryPoolMXBean found = null;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String n = pool.getName();
            if (n.endsWith("Old Gen") || n.endsWith("Tenured Gen") || n.equals("Shenandoah") || n.equals("ZHeap") || n.equals("ZGC Old Generation")) found = pool;
        }
        old = found;
        oldUsed = old == null ? 0 : old.getUsage().getUsed();
        majorCount = majorCount();
        threads = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported() ? t : null;
        allocatedAtStart = threads == null ? 0 : threads.getTotalThreadAllocatedBytes();
    }

    void register(MeterRegistry registry) {
        this.registry = registry;
        if (old != null) {
            Gauge.builder("jvm.gc.max.data.size", this, reading(0)).description("Max size of long-lived heap memory pool").baseUnit("bytes").register(registry);
            Gauge.builder("jvm.gc.live.data.size", this, reading(1)).description("Size of long-lived heap memory pool after reclamation")
                    .baseUnit("bytes").register(registry);
            FunctionCounter.builder("jvm.gc.memory.promoted", this, reading(2))
                    .description("Growth of the old generation memory pool between two scrapes without a major GC between them")
                    .baseUnit("bytes").register(registry);
        }
        if (threads != null) {
            FunctionCounter.builder("jvm.gc.memory.allocated", this, reading(3)).description("Bytes allocated in the heap by all threads")
                    .baseUnit("bytes").register(registry);
        }
    }

    /** Before each scrape, on the scraping thread: new pauses into their timers, old-generation growth into promoted. */
    synchronized void refresh() {
        for (Collector c : collectors) {
            long count = c.bean.getCollectionCount(), millis = c.bean.getCollectionTime();
            long n = count - c.count, ms = millis - c.millis;
            if (n <= 0) continue;
            c.count = count;
            c.millis = millis;
            if (c.pauses == null) {
                c.pauses = Timer.builder("jvm.gc.pause").description("Time spent in GC pause").tags("action", c.action, "gc", c.bean.getName())
                        .register(registry);
            }
            long nanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, ms));
            for (long i = 0; i < n; i++) c.pauses.record(nanos / n + (i == n - 1 ? nanos % n : 0), TimeUnit.NANOSECONDS);
        }
        if (old != null) {
            long used = old.getUsage().getUsed(), major = majorCount();
            if (major == majorCount && used > oldUsed) promoted += used - oldUsed;
            oldUsed = used;
            majorCount = major;
        }
        if (threads != null) allocated = Math.max(allocated, threads.getTotalThreadAllocatedBytes() - allocatedAtStart);
    }

    private long majorCount() {
        long n = 0;
        for (Collector c : collectors) {
            if (!c.action.equals(MINOR)) n += c.bean.getCollectionCount();
        }
        return n;
    }

    private static final String MINOR = "end of minor GC";

    /** What the JVM's notification calls a collection by this collector. */
    private static String action(String collector) {
        return switch (collector) {
            case "Copy", "PS Scavenge", "ParNew", "G1 Young Generation" -> MINOR;
            case "MarkSweepCompact", "PS MarkSweep", "ConcurrentMarkSweep", "G1 Old Generation" -> "end of major GC";
            case "G1 Concurrent GC" -> "end of concurrent GC pause";
            default -> "end of GC pause";
        };
    }

    /** One reading class for the four function meters (a lambda each would be a class each in the AOT cache). */
    private static ToDoubleFunction<GcMeters> reading(int which) {
        return new Reading(which);
    }

    private record Reading(int which) implements ToDoubleFunction<GcMeters> {
        @Override
        public double applyAsDouble(GcMeters m) {
            return m.read(which);
        }
    }

    private synchronized double read(int which) {
        return switch (which) {
            case 0 -> old.getUsage().getMax();
            case 1 -> {
                MemoryUsage after = old.getCollectionUsage();
                yield after == null ? 0 : after.getUsed();
            }
            case 2 -> promoted;
            default -> allocated;
        };
    }
}
