package org.jbgpd.cli;

import org.jbgpd.config.LoadedConfig;
import org.jbgpd.daemon.Daemon;
import org.jbgpd.daemon.SdNotify;

/** Entry point of the {@code jbgpd} launcher. */
public final class Jbgpd {

    private Jbgpd() {}

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
        if (aot != null) aot.checkInUse();
        daemon.awaitStop();
        daemon.close();
        if (aot != null) aot.markComplete(); // the JVM writes the cache itself when it exits, right after this
        return ExitStatus.OK;
    }

    /** Sets logging.level before anything logs (the backend starts at info). */
    private static void configureLogging(LoadedConfig loaded) {
        org.jbgpd.daemon.log.LogControl.apply(loaded.config().logging());
    }
}
