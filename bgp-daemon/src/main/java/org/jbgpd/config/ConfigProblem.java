package org.jbgpd.config;

/**
 * One finding about a config file, located like a compiler message so editors can jump to it:
 * {@code file:line:column: message}. Lines and columns count from 1.
 */
public record ConfigProblem(String file, int line, int column, Severity severity, String message) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() { return severity == Severity.ERROR; }

    @Override
    public String toString() {
        String where = file + ":" + line + ":" + column + ": ";
        return severity == Severity.WARNING ? where + "warning: " + message : where + message;
    }
}
