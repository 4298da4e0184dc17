package org.jbgpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a recording run's AOT cache is trusted (ADR 0125): stamped as soon as the JVM wrote it while the
 * daemon runs, never when the JVM failed to, and left to the stop path as before when the daemon was
 * never warm or the JVM offers no early end. The JVM's side is a stand-in here; LauncherAotCacheIT
 * runs the real one.
 */
class AotRecordingEndTest {

    private static final Duration POLL = Duration.ofMillis(10);

    @TempDir
    Path dir;

    private AotCache recording() {
        return new AotCache(dir.resolve("jbgpd.aot"), dir.resolve("jbgpd.aot.ok"), "key-1");
    }

    /** A JVM that writes the cache file and answers as HotSpot does; counts its calls. */
    private final AtomicInteger calls = new AtomicInteger();

    private AotRecordingEnd.Recording writes(AotCache c, String answer) {
        return () -> {
            calls.incrementAndGet();
            Files.write(c.cache(), new byte[4096]);
            return answer;
        };
    }

    /** Lets a run whose warm checks answer {@code warm} poll for {@code millis}, then stops it: what stop() says. */
    private boolean pollThenStop(AotCache c, BooleanSupplier warm, long millis) throws InterruptedException {
        AotRecordingEnd end = new AotRecordingEnd(c, warm, writes(c, "Recording ended successfully."), POLL).start();
        Thread.sleep(millis);
        return end.stop(Duration.ofSeconds(5));
    }

    /** Starts a run that is warm at once and returns when its JVM stand-in {@code jvm} has been called. */
    private AotRecordingEnd startedAndCalled(AotCache c, AotRecordingEnd.Recording jvm) throws InterruptedException {
        CountDownLatch asked = new CountDownLatch(1);
        AotRecordingEnd end = new AotRecordingEnd(c, () -> true, () -> {
            asked.countDown();
            return jvm.end();
        }, POLL).start();
        assertTrue(asked.await(5, TimeUnit.SECONDS), "a warm run ends the recording");
        return end;
    }

    private void awaitStamp(AotCache c) throws InterruptedException {
        for (int i = 0; i < 500 && !Files.exists(c.stamp()); i++) Thread.sleep(10);
    }

    @Test
    void stampedWhileRunningOnceWarmAndNotAgainAtStop() throws Exception {
        AotCache c = recording();
        AotRecordingEnd end = new AotRecordingEnd(c, () -> true, writes(c, "Recording ended successfully.\n"), POLL).start();
        awaitStamp(c);
        assertEquals("key-1", Files.readString(c.stamp()), "the cache is trusted as soon as the JVM has written it");
        assertFalse(end.stop(Duration.ofSeconds(5)), "the stop must not stamp again: the JVM writes nothing at exit");
        assertEquals(1, calls.get());
    }

    @Test
    void neverWarmLeavesTheCacheToTheStop() throws Exception {
        AotCache c = recording();
        assertTrue(pollThenStop(c, () -> false, 100), "still recording: the caller stamps after its clean stop, as before ADR 0125");
        Thread.sleep(50);
        assertEquals(0, calls.get(), "a stop cancels an early end that has not begun");
        assertFalse(Files.exists(c.stamp()));
    }

    @Test
    void oneWarmCheckIsNotEnough() throws Exception {
        AotCache c = recording();
        AtomicBoolean flip = new AtomicBoolean();
        // warm, cold, warm, cold...: never two in a row (a session that flaps while the table comes in)
        assertTrue(pollThenStop(c, () -> flip.getAndSet(!flip.get()), 200));
        assertEquals(0, calls.get());
    }

    @Test
    void aWarmCheckThatFailsIsNotWarm() throws Exception {
        AotCache c = recording();
        assertTrue(pollThenStop(c, () -> { throw new IllegalStateException("closing"); }, 100),
                "the poller survived and left the cache to the stop");
        assertEquals(0, calls.get());
    }

    @Test
    void aFailedEndIsNeverTrusted() throws Exception {
        AotCache c = recording();
        AotRecordingEnd end = startedAndCalled(c, writes(c, "Error: Failed to end recording."));
        assertFalse(end.stop(Duration.ofSeconds(5)), "no stamp at stop either: the next start records a new cache");
        assertFalse(Files.exists(c.stamp()));
    }

    @Test
    void aJvmWithoutTheCommandRecordsAtExitAsBefore() throws Exception {
        AotCache c = recording();
        AotRecordingEnd end = startedAndCalled(c, () -> {
            throw new UnsupportedOperationException("no diagnostic command runner");
        });
        Thread.sleep(50);
        assertTrue(end.stop(Duration.ofSeconds(5)), "the JVM still records: stamp after the clean stop");
        assertFalse(Files.exists(c.stamp()));
    }

    @Test
    void aStopWaitsForACacheBeingWritten() throws Exception {
        AotCache c = recording();
        CountDownLatch release = new CountDownLatch(1);
        AotRecordingEnd end = startedAndCalled(c, () -> {
            release.await();
            Files.write(c.cache(), new byte[4096]);
            return "Recording ended successfully.";
        });
        Thread releaser = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            release.countDown();
        });
        assertFalse(end.stop(Duration.ofSeconds(10)));
        assertTrue(Files.exists(c.stamp()), "the stop returned only once the cache was written and stamped");
        releaser.join();
    }
}
