package org.jbgpd.transport;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition of a real system (sockets, daemons) until it holds or a deadline passes. */
final class Await {
    private Await() {}

    static void until(String what, long timeoutMillis, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        if (condition.getAsBoolean()) return;
        throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what + "; state: " + state.get());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
