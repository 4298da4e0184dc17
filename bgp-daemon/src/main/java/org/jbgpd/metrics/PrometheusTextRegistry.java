package org.jbgpd.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeCounter;
import io.micrometer.core.instrument.cumulative.CumulativeDistributionSummary;
import io.micrometer.core.instrument.cumulative.CumulativeFunctionCounter;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.Histogram;
import io.micrometer.core.instrument.distribution.NoopHistogram;
import io.micrometer.core.instrument.distribution.TimeWindowFixedBoundaryHistogram;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.internal.DefaultGauge;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The meter registry behind /metrics (ADR 0120): Micrometer's cumulative core meters, written as
 * Prometheus text by {@link PrometheusTextWriter}, with the semantics micrometer-registry-prometheus
 * gave them: time in seconds; histogram buckets that count from the start and never reset; a
 * {@code _max} that forgets after a minute (the Prometheus registry's step). That registry and the
 * Prometheus client model behind it were ~150 classes, archived in the AOT cache and loaded at every
 * start of a daemon whose cache was recorded with a scrape (ADR 0117).
 *
 * <p>Only the meter kinds jbgpd and its JVM binders use are supported; a function timer, a long task
 * timer or a custom meter fails at registration, not silently at the scrape.
 */
final class PrometheusTextRegistry extends MeterRegistry {

    /** What micrometer-registry-prometheus keeps a max for (its default step). */
    private static final Duration MAX_WINDOW = Duration.ofMinutes(1);
    /** Histogram buckets that never roll over, as Prometheus expects of a cumulative histogram. */
    private static final DistributionStatisticConfig CUMULATIVE_BUCKETS =
            DistributionStatisticConfig.builder().expiry(Duration.ofDays(1825)).bufferLength(1).build();

    private final PrometheusTextWriter writer;

    PrometheusTextRegistry() {
        super(Clock.SYSTEM);
        config().namingConvention(new PrometheusNames());
        writer = new PrometheusTextWriter(this);
    }

    /** The exposition of every meter, text format 0.0.4. */
    void scrape(OutputStream out) throws IOException {
        writer.write(out);
    }

    @Override
    protected <T> Gauge newGauge(Meter.Id id, T obj, ToDoubleFunction<T> value) {
        return new DefaultGauge<>(id, obj, value);
    }

    @Override
    protected Counter newCounter(Meter.Id id) {
        return new CumulativeCounter(id);
    }

    @Override
    protected <T> FunctionCounter newFunctionCounter(Meter.Id id, T obj, ToDoubleFunction<T> count) {
        return new CumulativeFunctionCounter<>(id, obj, count);
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
        return new BucketTimer(id, clock, config, pauseDetector, buckets(config));
    }

    @Override
    protected DistributionSummary newDistributionSummary(Meter.Id id, DistributionStatisticConfig config, double scale) {
        return new BucketSummary(id, clock, config, scale, buckets(config));
    }

    private Histogram buckets(DistributionStatisticConfig config) {
        if (config.isPublishingPercentiles()) throw unsupported("percentiles (a summary with quantiles)");
        return config.isPublishingHistogram() ? new TimeWindowFixedBoundaryHistogram(clock, CUMULATIVE_BUCKETS.merge(config), true)
                : NoopHistogram.INSTANCE;
    }

    @Override
    protected LongTaskTimer newLongTaskTimer(Meter.Id id, DistributionStatisticConfig config) {
        throw unsupported("long task timer " + id.getName());
    }

    @Override
    protected <T> FunctionTimer newFunctionTimer(Meter.Id id, T obj, ToLongFunction<T> count, ToDoubleFunction<T> total, TimeUnit unit) {
        throw unsupported("function timer " + id.getName());
    }

    @Override
    protected Meter newMeter(Meter.Id id, Meter.Type type, Iterable<Measurement> measurements) {
        throw unsupported("custom meter " + id.getName());
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(what + " is not written by /metrics (PrometheusTextWriter)");
    }

    @Override
    protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.SECONDS;
    }

    @Override
    protected DistributionStatisticConfig defaultHistogramConfig() {
        return DistributionStatisticConfig.builder().expiry(MAX_WINDOW).build().merge(DistributionStatisticConfig.DEFAULT);
    }

    /** CumulativeTimer with buckets that never reset (its own would roll over with the max's window). */
    private static final class BucketTimer extends CumulativeTimer {
        BucketTimer(Meter.Id id, Clock clock, DistributionStatisticConfig config, PauseDetector pauseDetector, Histogram buckets) {
            super(id, clock, config, pauseDetector, TimeUnit.SECONDS, buckets);
        }
    }

    /** The same for a distribution summary. */
    private static final class BucketSummary extends CumulativeDistributionSummary {
        BucketSummary(Meter.Id id, Clock clock, DistributionStatisticConfig config, double scale, Histogram buckets) {
            super(id, clock, config, scale, buckets);
        }
    }
}
