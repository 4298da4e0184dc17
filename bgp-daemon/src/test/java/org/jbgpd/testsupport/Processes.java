package org.jbgpd.testsupport;

import java.util.concurrent.TimeUnit;

/** Ending a daemon process a test started (jbgpd through its launcher, in the lab or under setpriv). */
public final class Processes {

    private Processes() { }

    /** SIGTERM, up to 10 s for a clean stop, then SIGKILL; nothing if it is not running. Keeps the interrupt flag. */
    public static void stop(Process process) {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
