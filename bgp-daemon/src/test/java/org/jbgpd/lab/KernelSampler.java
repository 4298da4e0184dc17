package org.jbgpd.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads the gateway's protocol-186 routes every 100 ms on its own thread and keeps every sample
 * that differs from the expected table, so a check can say "no route left the kernel at any moment".
 */
final class KernelSampler implements AutoCloseable {
    private final Lab lab;
    private final String namespace;
    private final Map<String, Set<String>> expected;
    private final List<String> deviations = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private int samples;
    private int failedReads;
    private final long startedNanos = System.nanoTime();
    private long stoppedNanos;

    KernelSampler(Lab lab, String namespace, Map<String, List<String>> expected) {
        this.lab = lab;
        this.namespace = namespace;
        this.expected = new java.util.TreeMap<>();
        expected.forEach((p, hops) -> this.expected.put(Prefixes.normalize(p), new TreeSet<>(hops)));
        this.thread = Thread.ofPlatform().name("kernel-sampler").start(this::loop);
    }

    private void loop() {
        while (running.get()) {
            long t = System.currentTimeMillis();
            RouteTable table;
            try {
                table = lab.kernelRoutes(namespace, "proto", GatewayChecks.KERNEL_PROTOCOL);
            } catch (RuntimeException | AssertionError e) {
                // `ip` failed or timed out (a loaded machine): not a route change; keep sampling rather than die.
                synchronized (this) { failedReads++; }
                System.err.println("kernel-sampler: reading the routes failed: " + e.getMessage());
                try { Thread.sleep(100); } catch (InterruptedException ie) { return; }
                continue;
            }
            synchronized (this) {
                samples++;
                if (!table.nextHops().equals(expected)) deviations.add(t + ": " + table);
            }
            long sleep = 100 - (System.currentTimeMillis() - t);
            if (sleep > 0) {
                try { Thread.sleep(sleep); } catch (InterruptedException e) { return; }
            }
        }
    }

    synchronized int samples() { return samples; }

    /** Whole seconds the sampler ran (until close). */
    synchronized long seconds() { return ((stoppedNanos == 0 ? System.nanoTime() : stoppedNanos) - startedNanos) / 1_000_000_000L; }

    synchronized List<String> deviations() { return List.copyOf(deviations); }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
        synchronized (this) {
            if (stoppedNanos == 0) stoppedNanos = System.nanoTime();
            if (failedReads > 0) System.out.println("kernel-sampler: " + failedReads + " reads failed (not counted as samples)");
        }
    }
}
