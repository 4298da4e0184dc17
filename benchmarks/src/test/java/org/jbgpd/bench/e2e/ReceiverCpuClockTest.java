package org.jbgpd.bench.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receiver's CPU clock reads real processes' threads from /proc (Linux only, as the harness). */
class ReceiverCpuClockTest {

    @Test
    void aWorkingProcessMovesTheClockAndOneThatEndedNoLonger() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try (ReceiverCpuClock clock = ReceiverCpuClock.of(List.of(busy))) {
            long first = clock.nanos(System.nanoTime());
            assertTrue(first >= 0, "the shell's thread is readable");
            long later = first;
            for (int i = 0; i < 200 && later == first; i++) {
                Thread.sleep(5);
                later = clock.nanos(System.nanoTime());
            }
            assertTrue(later > first, "a busy loop shows as CPU time");
            busy.destroyForcibly();
            busy.waitFor(10, TimeUnit.SECONDS);
            assertEquals(-1, clock.nanos(System.nanoTime() + ReceiverCpuClock.RELIST_NANOS), "no thread left to read");
        } finally {
            busy.destroyForcibly();
        }
    }

    @Test
    void aProcessChildIsCountedWithItsParent() throws Exception {
        // As FRR's zebra and bgpd, or a launcher that forks: the work is in a descendant of the process started.
        Process parent = new ProcessBuilder("sh", "-c", "sh -c 'while :; do :; done' & wait").start();
        try {
            for (int i = 0; i < 2_000 && parent.descendants().findAny().isEmpty(); i++) Thread.sleep(5);
            assertTrue(parent.descendants().findAny().isPresent(), "the shell started its child within 10 s");
            try (ReceiverCpuClock clock = ReceiverCpuClock.of(List.of(parent))) {
                long first = clock.nanos(System.nanoTime());
                long later = first;
                for (int i = 0; i < 200 && later == first; i++) {
                    Thread.sleep(5);
                    later = clock.nanos(System.nanoTime());
                }
                assertTrue(later > first, "the child's busy loop counts");
            }
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }
}
