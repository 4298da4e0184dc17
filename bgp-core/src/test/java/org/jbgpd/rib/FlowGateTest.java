package org.jbgpd.rib;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** The watermark logic: close above the high mark, open only at the low mark, tell once per opening. */
class FlowGateTest {

    @Test
    void closesAboveTheHighMarkAndOpensOnlyAtTheLowMark() {
        AtomicInteger opened = new AtomicInteger();
        FlowGate g = new FlowGate(100, 20, opened::incrementAndGet);
        g.add(100);
        assertTrue(g.isOpen(), "at the high mark is not above it");
        g.add(1);
        assertFalse(g.isOpen());
        g.remove(60);
        assertFalse(g.isOpen(), "41 in flight: between the marks the gate stays closed");
        g.add(30);
        g.remove(50);
        assertFalse(g.isOpen(), "21 in flight");
        assertEquals(0, opened.get());
        g.remove(1);
        assertTrue(g.isOpen(), "20 in flight: the low mark opens it");
        assertEquals(1, opened.get());
        g.remove(20);
        assertEquals(0, g.inFlight());
        assertEquals(1, opened.get(), "told once per opening, not per removal");
        g.add(50);
        assertTrue(g.isOpen(), "between the marks from below: still open");
    }

    @Test
    void oneLargeBatchClosesAndReopensIt() {
        AtomicInteger opened = new AtomicInteger();
        FlowGate g = new FlowGate(10, 5, opened::incrementAndGet);
        g.add(1_000_000);
        assertFalse(g.isOpen());
        g.remove(1_000_000);
        assertTrue(g.isOpen());
        assertEquals(1, opened.get());
    }

    @Test
    void awaitOpenReturnsWhenAnotherThreadDrainsAndTimesOutOtherwise() throws Exception {
        FlowGate g = new FlowGate(10, 0);
        g.add(11);
        assertFalse(g.awaitOpen(10), "nobody drains: the wait ends at its timeout, closed");
        Thread drainer = Thread.ofPlatform().start(() -> g.remove(11));
        assertTrue(g.awaitOpen(60_000));
        drainer.join();
    }

    @Test
    void marksMustBeOrdered() {
        assertThrows(IllegalArgumentException.class, () -> new FlowGate(10, 11));
        assertThrows(IllegalArgumentException.class, () -> new FlowGate(10, -1));
    }
}
