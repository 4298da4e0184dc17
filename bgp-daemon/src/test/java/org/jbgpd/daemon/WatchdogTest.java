package org.jbgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WATCHDOG=1 only while every probed thread answers; ticks are driven by hand, pings go to a real socket. */
class WatchdogTest {

    @TempDir
    Path dir;

    @Test
    void intervalComesFromWatchdogUsecForThisProcessOnly() {
        assertEquals(Duration.ofSeconds(30), Watchdog.interval(Map.of("WATCHDOG_USEC", "30000000"), 42));
        assertEquals(Duration.ofSeconds(30), Watchdog.interval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42));
        assertNull(Watchdog.interval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42), "meant for another process");
        assertNull(Watchdog.interval(Map.of(), 42));
        assertNull(Watchdog.interval(Map.of("WATCHDOG_USEC", "soon"), 42));
        assertNull(Watchdog.interval(Map.of("WATCHDOG_USEC", "0"), 42));
    }

    @Test
    void pingsOnlyWhileEveryThreadAnswers() throws Exception {
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            AtomicReference<CompletableFuture<Void>> engineAnswer = new AtomicReference<>(CompletableFuture.completedFuture(null));
            Watchdog w = new Watchdog(new SdNotify(systemd.path.toString()), List.of(
                    new Watchdog.Probe("the route engine", engineAnswer::get),
                    new Watchdog.Probe("the session event loop", () -> CompletableFuture.completedFuture(null))));

            w.tick(); // asks; nothing answered yet, so no ping
            assertNull(systemd.poll(200));
            w.tick();
            assertEquals("WATCHDOG=1", systemd.next());

            CompletableFuture<Void> stuck = new CompletableFuture<>();
            engineAnswer.set(stuck);
            w.tick(); // the previous answers were there: ping, then ask the (now stuck) engine
            assertEquals("WATCHDOG=1", systemd.next());
            w.tick();
            w.tick();
            assertNull(systemd.poll(300), "a stuck engine must stop the pings so systemd restarts jbgpd");

            stuck.complete(null); // the engine caught up
            engineAnswer.set(CompletableFuture.completedFuture(null));
            w.tick();
            assertEquals("WATCHDOG=1", systemd.next());
        }
    }

    @Test
    void aFailedProbeIsAskedAgainWithoutAPing() throws Exception {
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify"))) {
            AtomicReference<CompletableFuture<Void>> answer = new AtomicReference<>(CompletableFuture.failedFuture(new IllegalStateException("closed")));
            Watchdog w = new Watchdog(new SdNotify(systemd.path.toString()), List.of(new Watchdog.Probe("the FIB", answer::get)));
            w.tick();
            w.tick();
            assertNull(systemd.poll(200));
            answer.set(CompletableFuture.completedFuture(null));
            w.tick(); // the failed one was replaced by this new question
            w.tick();
            assertEquals("WATCHDOG=1", systemd.next());
        }
    }
}
