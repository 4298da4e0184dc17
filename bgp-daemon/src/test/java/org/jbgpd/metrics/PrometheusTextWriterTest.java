package org.jbgpd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jbgpd.netlink.NetlinkFib.Stats;
import org.jbgpd.rib.PeerCounts;
import org.jbgpd.rib.RouteCounts;
import org.jbgpd.session.PeerId;
import org.jbgpd.session.SessionSnapshot;
import org.jbgpd.session.SessionSnapshot.MessageCounts;
import org.jbgpd.session.SessionSnapshot.NotificationCount;
import org.jbgpd.session.SessionState;
import org.jbgpd.transport.PeerSnapshot;
import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.Test;

/**
 * jbgpd's Prometheus text against micrometer-registry-prometheus's {@code scrape()} (what /metrics
 * served before ADR 0120): the same meters in both registries must give the same bytes.
 */
class PrometheusTextWriterTest {

    private static String ours(PrometheusTextRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.scrape(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The Prometheus reference registry and ours, each holding the same {@link #edgeCases}. */
    private record EdgeCases(PrometheusMeterRegistry reference, PrometheusTextRegistry registry) {
        static EdgeCases inBoth() {
            EdgeCases both = new EdgeCases(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new PrometheusTextRegistry());
            edgeCases(both.reference);
            edgeCases(both.registry);
            return both;
        }
    }

    /** Every kind of value and name the format has rules for, registered the same way in both registries. */
    private static void edgeCases(MeterRegistry r) {
        Gauge.builder("edge.gauge", () -> 5).description("back\\slash \"quoted\"\nsecond line")
                .tags("z", "a\"b\\c\nd", "a", "plain").register(r);
        Gauge.builder("edge.gauge", () -> 7).description("back\\slash \"quoted\"\nsecond line").tags("z", "A", "a", "plain").register(r);
        Gauge.builder("edge.special", () -> Double.NaN).tags("v", "nan").register(r);
        Gauge.builder("edge.special", () -> Double.POSITIVE_INFINITY).tags("v", "pinf").register(r);
        Gauge.builder("edge.special", () -> Double.NEGATIVE_INFINITY).tags("v", "ninf").register(r);
        Gauge.builder("edge.special", () -> 12345678901.0).tags("v", "large").register(r);
        Gauge.builder("edge.special", () -> 1e-7).tags("v", "small").register(r);
        Gauge.builder("edge.special", () -> -0.5).tags("v", "negative").register(r);
        Gauge.builder("edge.bytes", () -> 1024).baseUnit("bytes").description("with a unit").register(r);
        Gauge.builder("edge.bytes.already_bytes", () -> 1).baseUnit("bytes").register(r); // unit not doubled
        Gauge.builder("9starts.with-digit", () -> 1).tags("dotted.key", "x", "1digit", "y").register(r);
        Gauge.builder("edge.nolabels", () -> 3).register(r); // no description: HELP is a single space
        // A counter "a.b" sorts by "a_b" (without _total), before a gauge "a_b_s" that "a_b_total" would follow.
        Counter.builder("edge.order").description("counter").register(r).increment(3);
        Gauge.builder("edge.order.s", () -> 1).register(r);
        Counter.builder("edge.count").baseUnit("bytes").tags("k", "v").register(r).increment(1.5);
        Counter.builder("edge.already.total").register(r).increment();
        FunctionCounter.builder("edge.function", new double[] {42}, a -> a[0]).description("function counter").tags("k", "2").register(r);
        FunctionCounter.builder("edge.function", new double[] {41}, a -> a[0]).description("function counter").tags("k", "10").register(r);
        TimeGauge.builder("edge.time", () -> 1500, TimeUnit.MILLISECONDS).description("time gauge").register(r);
        Timer buckets = Timer.builder("edge.latency").description("with buckets").tags("peer", "rr1")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofSeconds(30)).register(r);
        Timer other = Timer.builder("edge.latency").description("with buckets").tags("peer", "rr0")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofSeconds(30)).register(r);
        for (long micros : new long[] {300, 1000, 4200, 77_000, 2_500_000, 40_000_000}) buckets.record(micros, TimeUnit.MICROSECONDS);
        other.record(2, TimeUnit.MILLISECONDS);
        Timer.builder("edge.plain.timer").register(r).record(1234, TimeUnit.MICROSECONDS);
        Timer.builder("edge.unused.seconds").description("never recorded").register(r);
        DistributionSummary.builder("edge.size").baseUnit("bytes").serviceLevelObjectives(10, 100).register(r).record(50);
        DistributionSummary.builder("edge.plain.size").register(r).record(3.25);
    }

    @Test
    void everyRuleOfTheFormatIsWrittenAsThePrometheusRegistryWritesIt() throws IOException {
        EdgeCases both = EdgeCases.inBoth();
        String expected = both.reference().scrape();
        assertTrue(expected.contains("le=\"+Inf\"") && expected.contains("\\\"") && expected.contains("NaN"), expected);
        assertEquals(expected, ours(both.registry()));
    }

    private static PeerSnapshot peer(String name, String address, SessionState state, List<NotificationCount> notifications) {
        SessionSnapshot s = new SessionSnapshot(name, state, 0, true, null, null, new MessageCounts(1, 5000, 0, 12, 0),
                new MessageCounts(1, 2, 1, 13, 0), 3, notifications);
        return new PeerSnapshot(new PeerId(name, IpAddress.parse(address), false), 64512, s, null, null);
    }

    private static DaemonMeters daemonMeters(KernelBatches batches) {
        List<PeerSnapshot> peers = List.of(
                peer("rr1", "198.51.100.11", SessionState.ESTABLISHED, List.of(new NotificationCount(true, 6, 4, 2))),
                peer("rr2", "2001:db8::2", SessionState.ACTIVE, List.of(new NotificationCount(false, 4, 0, 1))));
        List<PeerCounts> counts = List.of(new PeerCounts("rr1", IpAddress.parse("198.51.100.11"), 5000, 4990, 4990, 0, true));
        Stats stats = new Stats(4990, 0, 4990, 0, 5003, 2, 13, 1, 2, 0, 1, 7, 1, 0);
        return new DaemonMeters(() -> peers, () -> counts, () -> 3, () -> new RouteCounts(4990, 0), () -> stats, batches);
    }

    private static KernelBatches batches() {
        KernelBatches b = new KernelBatches(() -> { });
        for (long nanos : new long[] {800_000, 3_000_000, 45_000_000, 2_000_000_000L}) b.accept(nanos);
        return b;
    }

    /**
     * The daemon's real set of meters (jbgpd_* from snapshots, GcMeters, JvmMeters) against what
     * /metrics had before ADR 0120 (the same jbgpd_* meters and Micrometer's six JVM binders in
     * micrometer-registry-prometheus): jbgpd_* series byte for byte; the JVM's series with the same
     * names, labels, HELP and TYPE (their values move between two reads, so only those that cannot
     * are compared).
     */
    @Test
    void theDaemonsMetersGiveTheSameSeriesAsThePrometheusRegistry() throws Exception {
        PrometheusMeterRegistry reference = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusTextRegistry registry = new PrometheusTextRegistry();
        DaemonMeters referenceMeters = daemonMeters(batches()).registerOwn(reference);
        new JvmMemoryMetrics().bindTo(reference);
        new JvmGcMetrics().bindTo(reference);
        new JvmThreadMetrics().bindTo(reference);
        new ClassLoaderMetrics().bindTo(reference);
        new ProcessorMetrics().bindTo(reference);
        new UptimeMetrics().bindTo(reference);
        DaemonMeters ourMeters = daemonMeters(batches()).register(registry);
        System.gc(); // a jvm_gc_pause series in both: the reference's from the notification, ours at the next refresh
        String expected = null, actual = null;
        for (int i = 0; i < 100; i++) {
            referenceMeters.refresh();
            ourMeters.refresh();
            expected = reference.scrape();
            actual = ours(registry);
            if (expected.contains("jvm_gc_pause") && actual.contains("jvm_gc_pause") && withoutGc(series(expected)).equals(withoutGc(series(actual)))) break;
            Thread.sleep(100);
        }
        assertEquals(withoutGc(series(expected)), withoutGc(series(actual)));
        assertEquals(withoutGc(stableLines(expected)), withoutGc(stableLines(actual)));
        // jvm_gc_* are polled from the MXBeans (ADR 0130): the same names and types; pauses by collector, without the cause.
        for (String family : List.of("jvm_gc_live_data_size_bytes gauge", "jvm_gc_max_data_size_bytes gauge", "jvm_gc_memory_allocated_bytes_total counter",
                "jvm_gc_memory_promoted_bytes_total counter", "jvm_gc_pause_seconds summary", "jvm_gc_pause_seconds_max gauge")) {
            assertTrue(expected.contains("# TYPE " + family + "\n") && actual.contains("# TYPE " + family + "\n"), family + "\n" + actual);
        }
        assertTrue(actual.contains("# HELP jvm_gc_pause_seconds Time spent in GC pause\n"), actual);
        assertTrue(actual.matches("(?s).*\njvm_gc_pause_seconds_count\\{action=\"end of major GC\",gc=\"[^\"]+\"} [1-9][0-9]*\n.*"), actual);
        assertEquals(lineStarting(expected, "jvm_gc_max_data_size_bytes "), lineStarting(actual, "jvm_gc_max_data_size_bytes "));
        assertTrue(actual.contains("jbgpd_peer_notifications_total{address=\"198.51.100.11\",code=\"6\",direction=\"out\",peer=\"rr1\",subcode=\"4\"} 2.0"),
                actual);
        assertTrue(actual.contains("jbgpd_kernel_batch_seconds_bucket{le=\"0.05\"} 3\n"), actual);
        assertTrue(actual.contains("# TYPE jvm_memory_used_bytes gauge\n") && actual.contains("# TYPE jvm_threads_started_threads_total counter\n")
                && actual.contains("process_uptime_seconds ") && actual.contains("system_cpu_count "), actual);
    }

    /**
     * The text's layout is kept between scrapes (ADR 0130): values that moved, a meter added and one
     * removed after a scrape must all show in the next one exactly as the reference writes them.
     */
    @Test
    void aLaterScrapeFollowsNewValuesAndMetersAddedOrRemovedSinceTheLayout() throws IOException {
        EdgeCases both = EdgeCases.inBoth();
        PrometheusMeterRegistry reference = both.reference();
        PrometheusTextRegistry registry = both.registry();
        assertEquals(reference.scrape(), ours(registry));
        for (MeterRegistry r : List.of(reference, registry)) {
            r.get("edge.order").counter().increment(2);
            r.get("edge.latency").tags("peer", "rr1").timer().record(3, TimeUnit.MILLISECONDS);
            r.remove(r.get("edge.special").tags("v", "nan").gauge());
            Gauge.builder("edge.added", () -> 9).tags("peer", "rr9").register(r);
            Timer.builder("edge.added.latency").serviceLevelObjectives(Duration.ofMillis(2)).register(r).record(1, TimeUnit.MILLISECONDS);
        }
        String expected = reference.scrape();
        assertTrue(expected.contains("edge_added{peer=\"rr9\"} 9.0") && !expected.contains("\"nan\"") && expected.contains("edge_order_total 5.0"), expected);
        assertEquals(expected, ours(registry));
        assertEquals(expected, ours(registry), "a scrape with nothing changed");
    }

    /**
     * What a scrape of the daemon's meters allocates (ADR 0130): ~12 KB, against ~340 KB before (every
     * line, name and label built anew, the text copied three times; the JDK's CPU load reading its
     * cgroup files at each call; six thread dumps). Garbage per scrape sets how often a small heap
     * collects and, with MaxTenuringThreshold=0, how much of a scrape in flight is promoted.
     */
    @Test
    void aScrapeOfTheDaemonsMetersAllocatesLittle() throws IOException {
        PrometheusTextRegistry registry = new PrometheusTextRegistry();
        DaemonMeters meters = daemonMeters(batches()).register(registry);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 50; i++) { // the least of 50: the first lays out the text, a GC notification may come in between
            long before = threads.getCurrentThreadAllocatedBytes();
            meters.refresh();
            out.reset();
            registry.scrape(out);
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(out.size() > 8000, "the whole text: " + out.size() + " bytes");
        assertTrue(least < 48 * 1024, "a scrape allocated " + least + " bytes");
    }

    /** The lines without the GC series, which the reference takes from GC notifications and ours from the MXBeans. */
    private static List<String> withoutGc(List<String> lines) {
        return lines.stream().filter(l -> !l.contains("jvm_gc_")).toList();
    }

    private static String lineStarting(String text, String start) {
        return text.lines().filter(l -> l.startsWith(start)).findFirst().orElse("none: " + start);
    }

    /** Each line without its value: comments whole, samples up to the last space. */
    private static List<String> series(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) out.add(line.startsWith("#") ? line : line.substring(0, Math.max(0, line.lastIndexOf(' '))));
        return out;
    }

    /** The lines whose values cannot change between two reads: all of jbgpd's, and the JVM's constants. */
    private static List<String> stableLines(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("#") || line.startsWith("jbgpd_") || line.startsWith("jvm_memory_max_bytes") || line.startsWith("system_cpu_count")
                    || line.startsWith("process_start_time_seconds") || line.startsWith("jvm_gc_max_data_size_bytes")) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void meterKindsTheWriterHasNoTextForAreRefusedWhenRegistered() {
        PrometheusTextRegistry registry = new PrometheusTextRegistry();
        assertThrows(UnsupportedOperationException.class,
                () -> FunctionTimer.builder("t", this, x -> 1, x -> 1.0, TimeUnit.SECONDS).register(registry));
        assertThrows(UnsupportedOperationException.class, () -> Timer.builder("p").publishPercentiles(0.5).register(registry));
    }
}
