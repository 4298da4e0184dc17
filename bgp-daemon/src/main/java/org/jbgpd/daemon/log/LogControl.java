package org.jbgpd.daemon.log;

import java.util.Locale;
import org.jbgpd.config.LoggingConfig;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Applies logging.level at start and on reload, when jbgpd's own backend is the one SLF4J found. */
public final class LogControl {

    private LogControl() {}

    /** True if the level was applied; false when another SLF4J backend is in use (e.g. in a test JVM). */
    public static boolean apply(LoggingConfig logging) {
        if (!(LoggerFactory.getILoggerFactory() instanceof StderrLoggerFactory f)) return false;
        f.setLevel(Level.valueOf(logging.level().name().toUpperCase(Locale.ROOT)));
        return true;
    }
}
