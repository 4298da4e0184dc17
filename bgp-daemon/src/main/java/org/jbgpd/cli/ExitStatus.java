package org.jbgpd.cli;

/** Exit statuses shared by jbgpd and jbgpctl (DESIGN.md); scripts depend on them. */
public final class ExitStatus {
    public static final int OK = 0;
    public static final int RUNTIME_ERROR = 1;
    public static final int USAGE_OR_CONFIG = 2;
    public static final int DAEMON_UNREACHABLE = 3;

    private ExitStatus() {}
}
