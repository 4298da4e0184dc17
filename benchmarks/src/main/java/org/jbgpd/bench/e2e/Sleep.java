package org.jbgpd.bench.e2e;

/** Sleeping while polling, with interruption turned into an error instead of being swallowed. */
final class Sleep {
    private Sleep() {}

    static void millis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }
}
