package org.jbgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The step that undoes an inherited SIG_IGN on SIGHUP (ADR 0124), in this test JVM: between it and the JVM's answer, a
 * SIGHUP must reach the handler and never meet the default action, which would end the process (this fork included).
 */
class SignalsTest {

    @Test
    @SuppressWarnings("removal")
    void aSighupRightAfterTheIgnoredActionIsReplacedReachesTheHandler() throws Exception {
        sun.misc.Signal hup = new sun.misc.Signal("HUP");
        CountDownLatch reloaded = new CountDownLatch(1);
        sun.misc.SignalHandler onReload = s -> reloaded.countDown();
        sun.misc.SignalHandler previous = sun.misc.Signal.handle(hup, onReload);
        try {
            // What nohup leaves: SIGHUP ignored, and the JVM answering SIG_IGN to a handler (it files it all the same).
            sun.misc.Signal.handle(hup, sun.misc.SignalHandler.SIG_IGN);
            assertSame(sun.misc.SignalHandler.SIG_IGN, sun.misc.Signal.handle(hup, onReload));

            assertTrue(Signals.JvmAction.copy(Signals.SIGTERM, Signals.SIGHUP));
            // Before anything asks the JVM again: with SIG_DFL in this place (the old step) this fork would end here.
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -HUP failed");
            assertTrue(reloaded.await(10, TimeUnit.SECONDS), "SIGHUP did not reach the handler");

            assertNotSame(sun.misc.SignalHandler.SIG_IGN, sun.misc.Signal.handle(hup, onReload), "the JVM still answers SIG_IGN");
        } finally {
            sun.misc.Signal.handle(hup, previous);
        }
    }
}
