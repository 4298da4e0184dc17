package org.jbgpd.metrics;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Kernel batch latencies from the FIB's first batch on, although the meter registry is only built at
 * the first scrape (ADR 0095): until then they are kept here and replayed into the timer when it
 * exists, so the initial table's batches are in the histogram as before. The buffer is bounded: when
 * it holds {@link #KEEP} latencies it asks for the registry to be built now (on the metrics thread),
 * so a daemon that is never scraped stops buffering at that point. Called on the FIB thread once
 * per batch; {@link #bind} runs on the metrics thread.
 */
final class KernelBatches implements LongConsumer {

    static final int KEEP = 4096;

    private final Runnable full;
    private long[] early = new long[16];
    private int count;
    private boolean askedForRegistry;
    private Timer timer;

    /** @param full run once when the buffer is full: builds the registry (must not block the FIB thread) */
    KernelBatches(Runnable full) { this.full = full; }

    @Override
    public void accept(long nanos) {
        Runnable ask = null;
        synchronized (this) {
            if (timer != null) {
                timer.record(nanos, TimeUnit.NANOSECONDS);
                return;
            }
            if (count == early.length) early = java.util.Arrays.copyOf(early, count * 2);
            early[count++] = nanos;
            if (count >= KEEP && !askedForRegistry) {
                askedForRegistry = true;
                ask = full;
            }
        }
        if (ask != null) ask.run();
    }

    /** From now on latencies go straight to {@code t}; those kept so far are recorded first, in order. */
    synchronized void bind(Timer t) {
        for (int i = 0; i < count; i++) t.record(early[i], TimeUnit.NANOSECONDS);
        early = null;
        count = 0;
        timer = t;
    }

    /** Latencies waiting for the timer (for tests). */
    synchronized int waiting() { return count; }
}
