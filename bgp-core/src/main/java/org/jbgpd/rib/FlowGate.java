package org.jbgpd.rib;

/**
 * A count of routes in flight between two stages, with a high and a low mark (ADR 0087). The gate
 * closes when the count rises above the high mark and opens again only once it has fallen to the low
 * mark, so the producer is stopped and restarted in large steps, not once per route.
 *
 * <p>Counted in routes (prefixes), not in messages or batches: one UPDATE may carry one prefix or a
 * thousand, and what the heap holds grows with the prefixes. Thread-safe: one stage adds, the next
 * one removes, and the producer side asks or waits.
 */
public final class FlowGate {

    private final long high;
    private final long low;
    private final Runnable onOpen;
    private long inFlight;
    private boolean closed;

    /**
     * @param high   the gate closes when more than this many routes are in flight
     * @param low    and opens again when no more than this many are (0 <= low <= high)
     * @param onOpen called, on the thread that removed routes and outside the gate's lock, each time the gate opens
     */
    public FlowGate(long high, long low, Runnable onOpen) {
        if (low < 0 || low > high) throw new IllegalArgumentException("need 0 <= low <= high, got low " + low + ", high " + high);
        this.high = high;
        this.low = low;
        this.onOpen = onOpen;
    }

    public FlowGate(long high, long low) { this(high, low, () -> { }); }

    /** Routes entered the stage. */
    public synchronized void add(long routes) {
        inFlight += routes;
        if (inFlight > high) closed = true;
    }

    /** Routes left the stage; opens the gate when the count reaches the low mark. */
    public void remove(long routes) {
        boolean opened;
        synchronized (this) {
            inFlight -= routes;
            opened = closed && inFlight <= low;
            if (opened) {
                closed = false;
                notifyAll();
            }
        }
        if (opened) onOpen.run();
    }

    /** False from crossing the high mark until falling back to the low mark. */
    public synchronized boolean isOpen() { return !closed; }

    public synchronized long inFlight() { return inFlight; }

    /** Waits until the gate is open or {@code millis} passed; returns whether it is open. */
    public synchronized boolean awaitOpen(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (closed) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) return false;
            wait(left);
        }
        return true;
    }

    public long high() { return high; }

    public long low() { return low; }

    @Override
    public synchronized String toString() {
        return "FlowGate(" + inFlight + " in flight, " + (closed ? "closed" : "open") + ", marks " + low + "/" + high + ")";
    }
}
