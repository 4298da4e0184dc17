package org.jbgpd.daemon.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Hands out the stderr loggers and holds the level they all read. {@link #setLevel} takes effect
 * for every logger at once, which is what lets a reload change logging.level.
 */
public final class StderrLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private volatile LogLevels levels = new LogLevels(Level.INFO, LogLevels.LIBRARY_FLOORS);

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new StderrLogger(n, () -> levels, System.err));
    }

    /** The level for jbgpd's own loggers from now on (libraries keep their floors). */
    public void setLevel(Level level) { levels = new LogLevels(level, LogLevels.LIBRARY_FLOORS); }

    public Level level() { return levels.level(); }
}
