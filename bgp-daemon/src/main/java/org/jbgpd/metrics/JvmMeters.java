package org.jbgpd.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The {@code jvm_memory_*}, {@code jvm_buffer_*}, {@code jvm_threads_*}, {@code jvm_classes_*},
 * {@code process_*} and {@code system_*} series, read straight from the platform MXBeans with the
 * names, units, labels and descriptions Micrometer's JvmMemoryMetrics, JvmThreadMetrics,
 * ClassLoaderMetrics, ProcessorMetrics and UptimeMetrics give them (ADR 0120; PrometheusTextWriterTest
 * compares the two). Those binders are ~50 classes with their meter conventions, a lambda per meter
 * and stream pipelines per read, archived in the AOT cache and loaded at every start of a scraped
 * daemon (ADR 0117); this is one class and one reading function. The two CPU usage gauges come from
 * {@link CpuUsage} and the six thread-state gauges from one thread dump a scrape, because the MXBean
 * calls made ~170 KB of garbage a scrape (ADR 0130). {@code jvm_gc_*} come from {@link GcMeters}.
 */
final class JvmMeters {

    /** Each value a meter reads, all through {@link #read}: one class instead of a lambda per meter. */
    private enum Reading {
        BUFFER_COUNT, BUFFER_USED, BUFFER_CAPACITY, MEMORY_USED, MEMORY_COMMITTED, MEMORY_MAX,
        THREADS_PEAK, THREADS_DAEMON, THREADS_LIVE, THREADS_STARTED, THREADS_IN_STATE,
        CLASSES_LOADED, CLASSES_LOADED_TOTAL, CLASSES_UNLOADED,
        CPU_COUNT, LOAD_AVERAGE, SYSTEM_CPU_USAGE, PROCESS_CPU_USAGE, PROCESS_CPU_TIME, UPTIME_MS, START_TIME_MS
    }

    /** One meter's reading and the pool or thread state it is about (null when about the whole JVM). */
    private record Source(Reading reading, Object of) {}

    private static final class Read implements ToDoubleFunction<Source> {
        private final JvmMeters jvm;

        Read(JvmMeters jvm) { this.jvm = jvm; }

        @Override
        public double applyAsDouble(Source s) { return jvm.read(s); }
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    /** The JDK's extension with CPU load and time; null on a JVM without it (those series are then left out, as the binder does). */
    private final com.sun.management.OperatingSystemMXBean cpu =
            os instanceof com.sun.management.OperatingSystemMXBean c ? c : null;
    /** CPU usage without the JDK's per-call cgroup reads; null where {@link #cpu} is. */
    private final CpuUsage cpuUsage = cpu == null ? null : new CpuUsage(cpu);
    /** Threads by state from one thread dump, shared by the six state gauges of a scrape. */
    private final long[] threadsInState = new long[Thread.State.values().length];
    private long threadsCountedAt = Long.MIN_VALUE;
    /** Micrometer holds a meter's object weakly: the sources live as long as this object (kept by DaemonMeters). */
    private final java.util.List<Source> sources = new java.util.ArrayList<>();
    private final Read read = new Read(this);

    void register(MeterRegistry registry) {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            String id = pool.getName();
            gauge(registry, "jvm.buffer.count", "buffers", "An estimate of the number of buffers in the pool", Reading.BUFFER_COUNT, pool, "id", id);
            gauge(registry, "jvm.buffer.memory.used", "bytes", "An estimate of the memory that the Java virtual machine is using for this buffer pool",
                    Reading.BUFFER_USED, pool, "id", id);
            gauge(registry, "jvm.buffer.total.capacity", "bytes", "An estimate of the total capacity of the buffers in this pool",
                    Reading.BUFFER_CAPACITY, pool, "id", id);
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getPlatformMXBeans(MemoryPoolMXBean.class)) {
            String area = pool.getType() == MemoryType.HEAP ? "heap" : "nonheap";
            String id = pool.getName();
            gauge(registry, "jvm.memory.used", "bytes", "The amount of used memory", Reading.MEMORY_USED, pool, "area", area, "id", id);
            gauge(registry, "jvm.memory.committed", "bytes", "The amount of memory in bytes that is committed for the Java virtual machine to use",
                    Reading.MEMORY_COMMITTED, pool, "area", area, "id", id);
            gauge(registry, "jvm.memory.max", "bytes", "The maximum amount of memory in bytes that can be used for memory management",
                    Reading.MEMORY_MAX, pool, "area", area, "id", id);
        }
        gauge(registry, "jvm.threads.peak", "threads", "The peak live thread count since the Java virtual machine started or peak was reset",
                Reading.THREADS_PEAK, null);
        gauge(registry, "jvm.threads.daemon", "threads", "The current number of live daemon threads", Reading.THREADS_DAEMON, null);
        gauge(registry, "jvm.threads.live", "threads", "The current number of live threads including both daemon and non-daemon threads",
                Reading.THREADS_LIVE, null);
        counter(registry, "jvm.threads.started", "threads", "The total number of application threads started in the JVM", Reading.THREADS_STARTED);
        for (Thread.State state : Thread.State.values()) {
            gauge(registry, "jvm.threads.states", "threads", "The current number of threads", Reading.THREADS_IN_STATE, state,
                    "state", state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        gauge(registry, "jvm.classes.loaded", "classes", "The number of classes that are currently loaded in the Java virtual machine",
                Reading.CLASSES_LOADED, null);
        counter(registry, "jvm.classes.loaded.count", "classes", "The number of classes loaded in the Java virtual machine", Reading.CLASSES_LOADED_TOTAL);
        counter(registry, "jvm.classes.unloaded", "classes", "The number of classes unloaded in the Java virtual machine", Reading.CLASSES_UNLOADED);
        gauge(registry, "system.cpu.count", null, "The number of processors available to the Java virtual machine", Reading.CPU_COUNT, null);
        if (os.getSystemLoadAverage() >= 0) {
            gauge(registry, "system.load.average.1m", null, "The sum of the number of runnable entities queued to available processors and the "
                    + "number of runnable entities running on the available processors averaged over a period of time", Reading.LOAD_AVERAGE, null);
        }
        if (cpu != null) {
            gauge(registry, "system.cpu.usage", null, "The \"recent cpu usage\" of the system the application is running in",
                    Reading.SYSTEM_CPU_USAGE, null);
            gauge(registry, "process.cpu.usage", null, "The \"recent cpu usage\" for the Java Virtual Machine process", Reading.PROCESS_CPU_USAGE, null);
            counter(registry, "process.cpu.time", "ns", "The \"cpu time\" used by the Java Virtual Machine process", Reading.PROCESS_CPU_TIME);
        }
        time(registry, "process.uptime", "The uptime of the Java virtual machine", Reading.UPTIME_MS);
        time(registry, "process.start.time", "Start time of the process since unix epoch.", Reading.START_TIME_MS);
    }

    private Source source(Reading reading, Object of) {
        Source s = new Source(reading, of);
        sources.add(s);
        return s;
    }

    private void gauge(MeterRegistry registry, String name, String unit, String help, Reading reading, Object of, String... tags) {
        Gauge.builder(name, source(reading, of), read).description(help).baseUnit(unit).tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String unit, String help, Reading reading) {
        FunctionCounter.builder(name, source(reading, null), read).description(help).baseUnit(unit).register(registry);
    }

    private void time(MeterRegistry registry, String name, String help, Reading reading) {
        TimeGauge.builder(name, source(reading, null), TimeUnit.MILLISECONDS, read).description(help).register(registry);
    }

    private double read(Source s) {
        return switch (s.reading()) {
            case BUFFER_COUNT -> ((BufferPoolMXBean) s.of()).getCount();
            case BUFFER_USED -> ((BufferPoolMXBean) s.of()).getMemoryUsed();
            case BUFFER_CAPACITY -> ((BufferPoolMXBean) s.of()).getTotalCapacity();
            case MEMORY_USED, MEMORY_COMMITTED, MEMORY_MAX -> memory((MemoryPoolMXBean) s.of(), s.reading());
            case THREADS_PEAK -> threads.getPeakThreadCount();
            case THREADS_DAEMON -> threads.getDaemonThreadCount();
            case THREADS_LIVE -> threads.getThreadCount();
            case THREADS_STARTED -> threads.getTotalStartedThreadCount();
            case THREADS_IN_STATE -> inState((Thread.State) s.of());
            case CLASSES_LOADED -> classes.getLoadedClassCount();
            case CLASSES_LOADED_TOTAL -> classes.getTotalLoadedClassCount();
            case CLASSES_UNLOADED -> classes.getUnloadedClassCount();
            case CPU_COUNT -> Runtime.getRuntime().availableProcessors();
            case LOAD_AVERAGE -> os.getSystemLoadAverage();
            case SYSTEM_CPU_USAGE -> cpuUsage.system();
            case PROCESS_CPU_USAGE -> cpuUsage.process();
            case PROCESS_CPU_TIME -> cpu.getProcessCpuTime();
            case UPTIME_MS -> runtime.getUptime();
            case START_TIME_MS -> runtime.getStartTime();
        };
    }

    /** A pool's usage; NaN when the JVM cannot give it (it may throw InternalError for some pools, as the binder allows for). */
    private static double memory(MemoryPoolMXBean pool, Reading reading) {
        MemoryUsage usage;
        try {
            usage = pool.getUsage();
        } catch (InternalError e) {
            return Double.NaN;
        }
        if (usage == null) return Double.NaN;
        return switch (reading) {
            case MEMORY_USED -> usage.getUsed();
            case MEMORY_COMMITTED -> usage.getCommitted();
            default -> usage.getMax();
        };
    }

    /** One thread dump for the six state gauges of a scrape (they are read within a second of each other), not one each. */
    private synchronized long inState(Thread.State state) {
        long now = System.nanoTime();
        if (threadsCountedAt == Long.MIN_VALUE || now - threadsCountedAt > 1_000_000_000L) {
            java.util.Arrays.fill(threadsInState, 0);
            for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t != null) threadsInState[t.getThreadState().ordinal()]++;
            }
            threadsCountedAt = now;
        }
        return threadsInState[state.ordinal()];
    }
}
