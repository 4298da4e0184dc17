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
            RouteTable table = lab.kernelRoutes(namespace, "proto", GatewayChecks.KERNEL_PROTOCOL);
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

    synchronized List<String> deviations() { return List.copyOf(deviations); }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
    }
}
