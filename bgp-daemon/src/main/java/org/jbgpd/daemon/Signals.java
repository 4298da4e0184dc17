package org.jbgpd.daemon;

import java.lang.foreign.Arena;
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
    static final int SIGHUP = 1;
    static final int SIGTERM = 15;

    private Signals() {}

    @SuppressWarnings("removal")
    static void install(Runnable onReload, Runnable onStop) {
        // TERM before HUP: an inherited SIG_IGN on SIGHUP is replaced by the action the JVM installs here.
        handle("TERM", onStop);
        handle("INT", onStop);
        handleReload(onReload);
    }

    /**
     * The JVM leaves a signal that was ignored when it started ignored and answers SIG_IGN instead of installing our
     * handler. `nohup` (and any parent that ignores SIGHUP) starts jbgpd so, and every SIGHUP reload then vanished
     * without a trace: JbgpdProcessTest waited 30 s for RELOADING=1 when its build ran under nohup (ADR 0124). nohup
     * asks "do not die on a hangup"; a reload does not die, so jbgpd gives SIGHUP the JVM's own action (the one on
     * SIGTERM) and asks again. The JVM has already filed our handler under SIGHUP when it answered SIG_IGN, so from the
     * copy on a SIGHUP reloads; it never has the default action, which would end jbgpd (ADR 0124, addendum).
     */
    private static void handleReload(Runnable onReload) {
        try {
            sun.misc.SignalHandler before = register("HUP", onReload);
            if (before != sun.misc.SignalHandler.SIG_IGN) return;
            if (!JvmAction.copy(SIGTERM, SIGHUP) || register("HUP", onReload) == sun.misc.SignalHandler.SIG_IGN) {
                log.warn("SIGHUP was ignored when jbgpd started (nohup?) and stays ignored: reload with `jbgpctl reload`");
                return;
            }
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

    /**
     * sigaction(2) through libc: the JDK can set a handler but cannot undo an inherited SIG_IGN. Setting SIG_DFL first
     * (as before) left a moment in which a SIGHUP ended jbgpd; copying the action the JVM gave another signal leaves none.
     */
    static final class JvmAction {
        /**
         * More than glibc's struct sigaction (152 octets on x86-64 and aarch64): the octets go from one call to the
         * other unread, so their layout need not be described here.
         */
        private static final long SIGACTION_BYTES = 256;

        private JvmAction() {}

        /** Gives {@code to} the action {@code from} has; false if libc refused or could not be called. */
        static boolean copy(int from, int to) {
            try (Arena arena = Arena.ofConfined()) {
                Linker linker = Linker.nativeLinker();
                MethodHandle sigaction = linker.downcallHandle(linker.defaultLookup().find("sigaction").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
                MemorySegment action = arena.allocate(SIGACTION_BYTES);
                if ((int) sigaction.invokeExact(from, MemorySegment.NULL, action) != 0) return false;
                return (int) sigaction.invokeExact(to, action, MemorySegment.NULL) == 0;
            } catch (Throwable t) {
                log.warn("cannot give signal {} the action of signal {}: {}", to, from, t.toString());
                return false;
            }
        }
    }
}
