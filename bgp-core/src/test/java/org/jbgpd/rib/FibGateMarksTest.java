package org.jbgpd.rib;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine's FIB gate against a FIB that writes windows (ADR 0134): an engine faster than the FIB
 * fills the queue until the gate closes, the FIB takes whole queued batches up to a window and
 * acknowledges them together; each time the gate opens, the next window must be full, so the FIB
 * never writes a small window while the engine catches up.
 */
class FibGateMarksTest {

    @Test
    void theGateOpensWithAFullWindowQueued() {
        for (int batch : new int[] {256, 4096, 5025, Rib.MAX_FIB_BATCH}) {
            List<Long> queuedAtOpening = simulate(RouteEngine.FIB_HIGH, RouteEngine.FIB_LOW, RouteEngine.FIB_WINDOW, batch);
            assertFalse(queuedAtOpening.isEmpty(), "the gate closed and opened");
            for (long q : queuedAtOpening) {
                assertTrue(q >= RouteEngine.FIB_WINDOW - batch, "batches of " + batch + ": " + q + " routes queued when the gate opened");
            }
        }
    }

    @Test
    void aLowMarkOfAWindowOpensItWithTheQueueNearlyEmpty() {
        // The marks before ADR 0134 (64k / 16k) with windows of 16k: the gate opened with one batch queued.
        List<Long> queuedAtOpening = simulate(65_536, 16_384, 16_384, 4096);
        assertEquals(4096, queuedAtOpening.getFirst());
    }

    /** Routes queued (not in the window being written) at each opening of the gate, over 20 windows. */
    private static List<Long> simulate(long high, long low, long window, int batch) {
        FlowGate gate = new FlowGate(high, low);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        List<Long> queuedAtOpening = new ArrayList<>();
        for (int w = 0; w < 20; w++) {
            fill(gate, queue, batch);
            long taken = queue.removeFirst();
            while (!queue.isEmpty() && taken + queue.peekFirst() <= window) taken += queue.removeFirst();
            fill(gate, queue, batch); // the engine goes on while the window is written, if the gate lets it
            boolean wasOpen = gate.isOpen();
            gate.remove(taken);
            if (!wasOpen && gate.isOpen()) queuedAtOpening.add(gate.inFlight());
        }
        return queuedAtOpening;
    }

    private static void fill(FlowGate gate, ArrayDeque<Integer> queue, int batch) {
        while (gate.isOpen()) {
            gate.add(batch);
            queue.addLast(batch);
        }
    }
}
