package org.jbgpd.cli;

/** Entry point of the {@code jbgpd} launcher. */
public final class Jbgpd {

    private Jbgpd() {}

    public static void main(String[] args) {
        int status = JbgpdCommand.commandLine((file, loaded) -> {
            System.err.println("jbgpd: " + file + " is valid, but this build cannot run the daemon yet (only --check works)");
            return ExitStatus.RUNTIME_ERROR;
        }).execute(args);
        System.exit(status);
    }
}
