package org.jbgpd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Ends the JVM's AOT recording once the daemon is warm instead of at exit (ADR 0125). A recording run
 * archives every class it loaded before the cache is written, and AOT class linking loads all of them
 * at every later start: recorded at exit, that included the stop path (~60 classes: sessions going
 * down, Netty's shutdown, the JDK's exit logging). Ended early, the cache holds what starting and
 * serving took, and it is there even if this run is later killed.
 *
 * <p>A thread polls {@code warm} every {@code poll}; after two warm polls in a row it asks the JVM to
 * end the recording, which writes the cache (a child JVM assembles it) and returns. Only then, and
 * only if the JVM says it succeeded and the file is there, the stamp is written: a cache is trusted
 * only when written completely. A stop before that cancels the early end and the JVM records at exit
 * as before ({@link #stop} says which happened, so the caller knows whether to stamp after its clean stop).
 */
final class AotRecordingEnd {

    /** The JVM's side: ends the recording and writes the cache; returns the JVM's answer. */
    @FunctionalInterface
    interface Recording {
        /** @throws UnsupportedOperationException when this JVM offers no way to end it (then it records at exit) */
        String end() throws Exception;
    }

    /** What HotSpot answers to AOT.end_recording once the cache is written. */
    static final String ENDED = "Recording ended successfully.";

    private enum State { WAITING, ENDING, ENDED, FAILED, AT_EXIT }

    private final AotCache cache;
    private final BooleanSupplier warm;
    private final Recording jvm;
    private final Duration poll;
    private final Thread thread;
    private State state = State.WAITING; // guarded by this

    AotRecordingEnd(AotCache cache, BooleanSupplier warm, Recording jvm, Duration poll) {
        this.cache = cache;
        this.warm = warm;
        this.jvm = jvm;
        this.poll = poll;
        this.thread = new Thread(this::run, "jbgpd-aot-recording");
        thread.setDaemon(true);
    }

    AotRecordingEnd start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            int warmPolls = 0;
            while (warmPolls < 2) {
                Thread.sleep(poll);
                warmPolls = isWarm() ? warmPolls + 1 : 0;
            }
        } catch (InterruptedException stopped) {
            return;
        }
        synchronized (this) {
            if (state != State.WAITING) return; // stopping: the JVM records at exit
            state = State.ENDING;
        }
        State outcome = end();
        synchronized (this) {
            state = outcome;
            notifyAll();
        }
    }

    /** A check that fails (the daemon is closing under it) counts as not warm; the stop then takes over. */
    private boolean isWarm() {
        try {
            return warm.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private State end() {
        String answer;
        try {
            answer = jvm.end();
        } catch (UnsupportedOperationException e) {
            System.err.println("jbgpd: cannot end the AOT recording early (" + e.getMessage() + "); the cache is written when jbgpd stops");
            return State.AT_EXIT;
        } catch (Exception e) {
            System.err.println("jbgpd: ending the AOT recording failed: " + e + "; the next start records a new cache");
            return State.FAILED;
        }
        try {
            if (answer != null && answer.contains(ENDED) && Files.size(cache.cache()) > 0) {
                cache.markComplete();
                return State.ENDED;
            }
        } catch (IOException missing) {
            // no cache file: not trusted
        }
        System.err.println("jbgpd: the JVM did not write the AOT cache (" + (answer == null ? "no answer" : answer.strip())
                + "); the next start records a new one");
        return State.FAILED;
    }

    /**
     * Called once the daemon has stopped cleanly: cancels an early end that has not begun, or waits up
     * to {@code wait} for one under way.
     *
     * @return true if the JVM still records and writes the cache at exit, so the caller stamps it after
     *         its clean stop as before; false if the recording was ended here (stamped already, or not
     *         trusted because it failed)
     */
    boolean stop(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            if (state == State.WAITING) {
                state = State.AT_EXIT;
                thread.interrupt();
            }
            while (state == State.ENDING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    System.err.println("jbgpd: the AOT cache is still being written; stopping without marking it complete");
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return state == State.AT_EXIT;
        }
    }
}
