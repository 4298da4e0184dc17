package org.jbgpd.daemon.log;

import java.io.PrintStream;
import java.util.function.Supplier;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** "LEVEL ShortName - message", the line slf4j-simple printed before, so log readers keep working. */
final class StderrLogger extends AbstractLogger {

    private final String shortName;
    private final Supplier<LogLevels> levels;
    private final PrintStream out;

    StderrLogger(String name, Supplier<LogLevels> levels, PrintStream out) {
        this.name = name;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
        this.levels = levels;
        this.out = out;
    }

    private boolean on(Level l) { return levels.get().enabled(name, l); }

    @Override public boolean isTraceEnabled() { return on(Level.TRACE); }
    @Override public boolean isTraceEnabled(Marker marker) { return on(Level.TRACE); }
    @Override public boolean isDebugEnabled() { return on(Level.DEBUG); }
    @Override public boolean isDebugEnabled(Marker marker) { return on(Level.DEBUG); }
    @Override public boolean isInfoEnabled() { return on(Level.INFO); }
    @Override public boolean isInfoEnabled(Marker marker) { return on(Level.INFO); }
    @Override public boolean isWarnEnabled() { return on(Level.WARN); }
    @Override public boolean isWarnEnabled(Marker marker) { return on(Level.WARN); }
    @Override public boolean isErrorEnabled() { return on(Level.ERROR); }
    @Override public boolean isErrorEnabled(Marker marker) { return on(Level.ERROR); }

    @Override
    protected String getFullyQualifiedCallerName() { return null; }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        String text = MessageFormatter.basicArrayFormat(pattern, arguments);
        String line = level + " " + shortName + " - " + text;
        // One println per event keeps lines from different threads whole.
        synchronized (out) {
            out.println(line);
            if (throwable != null) throwable.printStackTrace(out);
            out.flush();
        }
    }
}
