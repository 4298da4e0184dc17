package org.jbgpd.netlink;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A nice value set through ThreadNice lands on the calling thread only. */
class ThreadNiceTest {

    @Test
    void aLowerPriorityNeedsNoPrivilegeAndStaysOnItsThread() throws Exception {
        int before = ThreadNice.currentThread();
        AtomicInteger seen = new AtomicInteger(Integer.MIN_VALUE);
        int target = Math.min(19, before + 5);
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                if (ThreadNice.applyToCurrentThread(target, "test thread")) seen.set(ThreadNice.currentThread());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        t.join();
        assertEquals(target, seen.get(), "raising one's own nice value is allowed to anyone");
        assertEquals(before, ThreadNice.currentThread(), "the calling thread is untouched");
    }

    @Test
    void anOutOfRangePropertyFallsBackToTheDefault() {
        String old = System.getProperty(ThreadNice.FIB_SYNC_PROPERTY);
        try {
            System.setProperty(ThreadNice.FIB_SYNC_PROPERTY, "-40");
            assertEquals(ThreadNice.FIB_SYNC_DEFAULT, ThreadNice.fibSyncNice());
            System.setProperty(ThreadNice.FIB_SYNC_PROPERTY, "0");
            assertEquals(0, ThreadNice.fibSyncNice());
            System.setProperty(ThreadNice.FIB_SYNC_PROPERTY, "-5");
            assertEquals(-5, ThreadNice.fibSyncNice());
            System.clearProperty(ThreadNice.FIB_SYNC_PROPERTY);
            assertEquals(0, ThreadNice.fibSyncNice(), "leaves fib-sync at the process's nice value unless asked");
        } finally {
            if (old == null) System.clearProperty(ThreadNice.FIB_SYNC_PROPERTY);
            else System.setProperty(ThreadNice.FIB_SYNC_PROPERTY, old);
        }
    }
}
