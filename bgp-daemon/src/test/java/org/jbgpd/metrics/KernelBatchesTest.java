package org.jbgpd.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Batch latencies seen before the first scrape reach the timer the scrape creates; the buffer stays bounded. */
class KernelBatchesTest {

    @Test
    void latenciesBeforeTheTimerExistsAreRecordedWhenItIsBound() {
        KernelBatches batches = new KernelBatches(() -> { });
        batches.accept(TimeUnit.MILLISECONDS.toNanos(2));
        batches.accept(TimeUnit.MILLISECONDS.toNanos(40));
        Timer timer = Timer.builder("batch").register(new SimpleMeterRegistry());
        batches.bind(timer);
        batches.accept(TimeUnit.MILLISECONDS.toNanos(8));
        assertEquals(3, timer.count());
        assertEquals(50.0, timer.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(40.0, timer.max(TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(0, batches.waiting());
    }

    @Test
    void aFullBufferAsksForTheRegistryOnce() {
        AtomicInteger asked = new AtomicInteger();
        KernelBatches batches = new KernelBatches(asked::incrementAndGet);
        for (int i = 0; i < KernelBatches.KEEP - 1; i++) batches.accept(1_000);
        assertEquals(0, asked.get());
        batches.accept(1_000);
        batches.accept(1_000);
        assertEquals(1, asked.get(), "asked once when the buffer is full, not once per batch after that");
        Timer timer = Timer.builder("batch").register(new SimpleMeterRegistry());
        batches.bind(timer);
        assertEquals(KernelBatches.KEEP + 1, timer.count());
    }
}
