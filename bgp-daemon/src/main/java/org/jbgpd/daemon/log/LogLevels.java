package org.jbgpd.daemon.log;

import java.util.Map;
import org.slf4j.event.Level;

/**
 * The threshold in force: one level for everything, with fixed floors for chatty libraries (Netty
 * logs its internals at debug). Swapped as a whole, so a reader never sees half a change.
 */
record LogLevels(Level level, Map<String, Level> floors) {

    /** Netty's debug output (allocator and native transport details) helps nobody running jbgpd. */
    static final Map<String, Level> LIBRARY_FLOORS = Map.of("io.netty", Level.WARN);

    LogLevels {
        floors = Map.copyOf(floors);
    }

    boolean enabled(String logger, Level wanted) {
        Level threshold = level;
        for (Map.Entry<String, Level> f : floors.entrySet()) {
            if (logger.startsWith(f.getKey()) && f.getValue().toInt() > threshold.toInt()) threshold = f.getValue();
        }
        return wanted.toInt() >= threshold.toInt();
    }
}
