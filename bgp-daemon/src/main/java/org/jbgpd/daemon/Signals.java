package org.jbgpd.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP reloads, SIGTERM and SIGINT stop. Handlers run on the JVM's signal thread and only hand
 * the work on. sun.misc.Signal is the one JDK way to catch SIGHUP; it lives in jdk.unsupported.
 */
final class Signals {

    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {}

    @SuppressWarnings("removal")
    static void install(Runnable onReload, Runnable onStop) {
        handle("HUP", onReload);
        handle("TERM", onStop);
        handle("INT", onStop);
    }

    private static void handle(String name, Runnable action) {
        try {
            sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal(name), s -> action.run());
            // The JVM leaves a signal that was ignored when it started (nohup, a parent's SIG_IGN)
            // ignored and answers SIG_IGN instead of installing ours: say so, or reloads vanish.
            // SIGINT is ignored in every background job of a shell, so only HUP and TERM are worth a line.
            if (before == sun.misc.SignalHandler.SIG_IGN && !"INT".equals(name)) {
                log.warn("SIG{} was ignored when jbgpd started (nohup?) and stays ignored: {}", name,
                        "HUP".equals(name) ? "reload with `jbgpctl reload`" : "stop with `jbgpctl stop`");
            }
        } catch (IllegalArgumentException e) {
            log.warn("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }
}
