package org.jbgpd.daemon;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP reloads, SIGTERM and SIGINT stop. Handlers run on the JVM's signal thread and only hand
 * the work on. sun.misc.Signal is the one JDK way to catch SIGHUP; it lives in jdk.unsupported.
 */
final class Signals {

    private static final Logger log = LoggerFactory.getLogger(Signals.class);
    private static final int SIGHUP = 1;

    private Signals() {}

    @SuppressWarnings("removal")
    static void install(Runnable onReload, Runnable onStop) {
        handleReload(onReload);
        handle("TERM", onStop);
        handle("INT", onStop);
    }

    /**
     * The JVM leaves a signal that was ignored when it started ignored and answers SIG_IGN instead of installing our
     * handler. `nohup` (and any parent that ignores SIGHUP) starts jbgpd so, and every SIGHUP reload then vanished
     * without a trace: JbgpdProcessTest waited 30 s for RELOADING=1 when its build ran under nohup (ADR 0124). nohup
     * asks "do not die on a hangup"; a reload does not die, so jbgpd puts SIGHUP back to its default action and asks
     * again. Until the JVM's handler is in, a SIGHUP would end the process: a few microseconds, once, at start-up.
     */
    private static void handleReload(Runnable onReload) {
        try {
            sun.misc.SignalHandler before = register("HUP", onReload);
            if (before != sun.misc.SignalHandler.SIG_IGN) return;
            if (!DefaultAction.restore(SIGHUP)) {
                log.warn("SIGHUP was ignored when jbgpd started (nohup?) and stays ignored: reload with `jbgpctl reload`");
                return;
            }
            register("HUP", onReload);
            log.info("SIGHUP was ignored when jbgpd started (nohup?); jbgpd handles it anyway: SIGHUP reloads the config");
        } catch (IllegalArgumentException e) {
            log.warn("cannot handle SIGHUP: {}", e.getMessage());
        }
    }

    private static void handle(String name, Runnable action) {
        try {
            sun.misc.SignalHandler before = register(name, action);
            // An ignored SIGTERM stays ignored: whoever started jbgpd so meant it (SIGHUP is different, see
            // handleReload). SIGINT is ignored in every background job of a shell, so only TERM is worth a line.
            if (before == sun.misc.SignalHandler.SIG_IGN && "TERM".equals(name)) {
                log.warn("SIGTERM was ignored when jbgpd started and stays ignored: stop with `jbgpctl stop`");
            }
        } catch (IllegalArgumentException e) {
            log.warn("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }

    private static sun.misc.SignalHandler register(String name, Runnable action) {
        return sun.misc.Signal.handle(new sun.misc.Signal(name), s -> action.run());
    }

    /** signal(2) through libc: the JDK can set a handler but cannot undo an inherited SIG_IGN. */
    private static final class DefaultAction {
        private static final long SIG_ERR = -1;

        private DefaultAction() {}

        /** Sets {@code signo} to SIG_DFL; false if libc refused or could not be called. */
        static boolean restore(int signo) {
            try {
                Linker linker = Linker.nativeLinker();
                MethodHandle signal = linker.downcallHandle(linker.defaultLookup().find("signal").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
                MemorySegment previous = (MemorySegment) signal.invokeExact(signo, MemorySegment.NULL); // NULL = SIG_DFL
                return previous.address() != SIG_ERR;
            } catch (Throwable t) {
                log.warn("cannot reset SIGHUP to its default action: {}", t.toString());
                return false;
            }
        }
    }
}
