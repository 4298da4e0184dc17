package org.jbgpd.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's watchdog (WatchdogSec= in the unit, WATCHDOG_USEC in our environment): WATCHDOG=1 every
 * half interval, but only while the threads that do the work answer. Each tick first checks the
 * probes started at the previous tick (the route engine's queue, the session event loop, the FIB
 * thread): if all of them completed, jbgpd is alive and systemd hears so; then it starts new ones.
 * A stuck thread therefore stops the pings and systemd restarts jbgpd after one interval, whereas
 * a timer thread that pinged unconditionally would keep a hung daemon "alive" forever.
 */
final class Watchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

    /** One liveness question: {@code ask} starts it and returns what completes once the thread answered. */
    record Probe(String name, Supplier<CompletableFuture<?>> ask) {}

    private final SdNotify sd;
    private final List<Probe> probes;
    private final List<CompletableFuture<?>> pending = new ArrayList<>();
    private ScheduledExecutorService timer;
    private String lastMiss;

    Watchdog(SdNotify sd, List<Probe> probes) {
        this.sd = sd;
        this.probes = List.copyOf(probes);
    }

    /**
     * The watchdog interval systemd asked for, or null when it asked for none (no WATCHDOG_USEC, or
     * WATCHDOG_PID names another process, as sd_watchdog_enabled(3) says).
     */
    static Duration interval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null || usec.isBlank()) return null;
        String forPid = env.get("WATCHDOG_PID");
        if (forPid != null && !forPid.isBlank() && !forPid.trim().equals(Long.toString(pid))) return null;
        try {
            long micros = Long.parseLong(usec.trim());
            return micros <= 0 ? null : Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(micros));
        } catch (NumberFormatException e) {
            log.warn("WATCHDOG_USEC={} is not a number: watchdog off", usec);
            return null;
        }
    }

    /** Ticks every half interval on its own thread. */
    void start(Duration interval) {
        long half = Math.max(1, interval.toMillis() / 2);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jbgpd-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, 0, half, TimeUnit.MILLISECONDS);
        log.info("systemd watchdog: {} ms, pinging every {} ms while the engine, sessions and FIB answer", interval.toMillis(), half);
    }

    /** One step: ping if every probe of the previous step answered, then ask again. Never blocks. */
    synchronized void tick() {
        if (!pending.isEmpty()) {
            String missing = null;
            boolean failed = false;
            for (int i = 0; i < pending.size() && missing == null; i++) {
                CompletableFuture<?> f = pending.get(i);
                if (!f.isDone() || f.isCompletedExceptionally()) {
                    missing = probes.get(i).name();
                    failed = f.isDone();
                }
            }
            if (missing != null && !failed) {
                if (!missing.equals(lastMiss)) {
                    log.warn("watchdog: {} did not answer within half the watchdog interval; not telling systemd we are alive", missing);
                }
                lastMiss = missing;
                return; // keep waiting for the same answers: a slow thread that catches up resumes the pings
            }
            if (missing != null) {
                log.warn("watchdog: asking {} failed; asking again, no ping this time", missing);
            } else {
                if (lastMiss != null) log.info("watchdog: every thread answers again");
                lastMiss = null;
                sd.notify("WATCHDOG=1");
            }
        }
        pending.clear();
        for (Probe p : probes) {
            CompletableFuture<?> f;
            try {
                f = p.ask().get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            pending.add(f);
        }
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
