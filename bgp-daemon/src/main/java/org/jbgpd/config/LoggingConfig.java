package org.jbgpd.config;

/** Log level for the one-line-per-event log on stderr. */
public record LoggingConfig(Level level) {
    public enum Level { ERROR, WARN, INFO, DEBUG, TRACE }
}
