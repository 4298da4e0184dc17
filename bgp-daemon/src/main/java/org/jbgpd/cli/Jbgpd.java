package org.jbgpd.cli;

import org.jbgpd.config.LoadedConfig;
import org.jbgpd.daemon.Daemon;
import org.jbgpd.daemon.SdNotify;

/** Entry point of the {@code jbgpd} launcher. */
public final class Jbgpd {

    private Jbgpd() {}

    /** How often a recording run checks whether the daemon is warm (two warm checks in a row end the recording). */
    private static final java.time.Duration WARM_POLL = java.time.Duration.ofSeconds(1);
    /**
     * How long a stop waits for a cache being written (a child JVM, a few CPU seconds; the unit's
     * TimeoutStopSec is 30 s, ADR 0084).
     */
    private static final java.time.Duration CACHE_WRITE_WAIT = java.time.Duration.ofSeconds(25);

    public static void main(String[] args) {
        java.io.PrintWriter out = new java.io.PrintWriter(System.out, true);
        java.io.PrintWriter err = new java.io.PrintWriter(System.err, true);
        System.exit(new JbgpdCommand(Jbgpd::run, out, err).execute(args));
    }

    /** Runs the daemon until SIGTERM/SIGINT; 0 on a clean stop, 1 if it could not start. */
    static int run(java.nio.file.Path file, LoadedConfig loaded) throws InterruptedException {
        configureLogging(loaded);
        Daemon.SignalHandlers signals = Daemon.SignalHandlers.install();
        SdNotify sd = SdNotify.fromEnvironment();
        Daemon daemon;
        try {
            daemon = Daemon.start(file, loaded, sd, signals);
        } catch (Exception e) {
            System.err.println("jbgpd: cannot start: " + e.getMessage());
            sd.notify("STATUS=cannot start: " + e.getMessage());
            return ExitStatus.RUNTIME_ERROR;
        }
        AotCache aot = AotCache.fromSystemProperties();
        AotRecordingEnd early = null;
        if (aot != null) {
            aot.checkInUse();
            // A recording run writes the cache once the daemon is warm, not at exit (ADR 0125).
            if (aot.recording()) early = new AotRecordingEnd(aot, daemon::warmedUp, new JdkAotRecording(), WARM_POLL).start();
        }
        daemon.awaitStop();
        daemon.close();
        // Not ended early: the JVM writes the cache itself when it exits, right after this.
        if (aot != null && (early == null || early.stop(CACHE_WRITE_WAIT))) aot.markComplete();
        return ExitStatus.OK;
    }

    /** Sets logging.level before anything logs (the backend starts at info). */
    private static void configureLogging(LoadedConfig loaded) {
        org.jbgpd.daemon.log.LogControl.apply(loaded.config().logging());
    }
}
