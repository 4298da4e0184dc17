package org.jbgpd.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.jbgpd.netlink.NetlinkFib;
import org.jbgpd.netlink.NetlinkFib.Stats;

/**
 * The kernel side: every value comes from {@link NetlinkFib#stats()}, the record the FIB thread
 * publishes after each batch, scan and retry round, and the batch latency from the FIB's own
 * per-batch callback (through {@link KernelBatches}, which holds them until the registry exists).
 * Nothing here touches the FIB thread's state.
 */
final class KernelMeters {

    /** Bucket bounds: a Calico-sized change takes milliseconds, a full table's initial load seconds. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Supplier<Stats> stats;

    /**
     * @param stats {@link NetlinkFib#stats()}; this object is what the meters read through (Micrometer
     *              holds it weakly), so keep it as long as the registry
     */
    KernelMeters(Supplier<Stats> stats) { this.stats = stats; }

    private Stats stats() { return stats.get(); }

    /** @param batches the FIB's batch latencies since its start, bound to the new timer here */
    void register(MeterRegistry registry, KernelBatches batches) {
        KernelMeters fib = this;
        Gauge.builder("jbgpd.kernel.routes", fib, f -> f.stats().kernelIpv4()).description("our routes in the kernel table at the last scan")
                .tags("family", "ipv4").register(registry);
        Gauge.builder("jbgpd.kernel.routes", fib, f -> f.stats().kernelIpv6()).description("our routes in the kernel table at the last scan")
                .tags("family", "ipv6").register(registry);
        operations(registry, fib, "replace", "ok", s -> s.replaces() - s.replaceErrors());
        operations(registry, fib, "replace", "error", Stats::replaceErrors);
        operations(registry, fib, "delete", "ok", s -> s.deletes() - s.deleteErrors());
        operations(registry, fib, "delete", "error", Stats::deleteErrors);
        Gauge.builder("jbgpd.kernel.retrying", fib, f -> f.stats().retrying()).description("prefixes the kernel refused, waiting to be retried")
                .register(registry);
        FunctionCounter.builder("jbgpd.kernel.restored", fib, f -> f.stats().restored())
                .description("our routes put back after someone else removed or changed them").register(registry);
        FunctionCounter.builder("jbgpd.kernel.stale.removed", fib, f -> f.stats().staleRemoved())
                .description("our routes from a previous run removed after the initial sync").register(registry);
        FunctionCounter.builder("jbgpd.kernel.guard.refusals", fib, f -> f.stats().guardRefusals())
                .description("route installs refused because they would take over the path to a BGP peer").register(registry);
        Timer batch = Timer.builder("jbgpd.kernel.batch").description("time from taking a FIB batch off the queue to the kernel's ACK")
                .serviceLevelObjectives(BUCKETS).register(registry);
        batches.bind(batch);
    }

    private static void operations(MeterRegistry registry, KernelMeters fib, String op, String result, ToDoubleFunction<Stats> value) {
        FunctionCounter.builder("jbgpd.kernel.operations", fib, f -> value.applyAsDouble(f.stats()))
                .description("kernel route operations by kind and result").tags("op", op, "result", result).register(registry);
    }
}
