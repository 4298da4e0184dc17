package org.jbgpd.cli;

import java.time.Clock;
import picocli.CommandLine;

/** Entry point of the {@code jbgpctl} launcher. */
public final class Jbgpctl {

    private Jbgpctl() {}

    /** The command line with exit codes per DESIGN.md: usage errors 2, unexpected failures 1. */
    public static CommandLine commandLine(Clock clock) {
        CommandLine cl = new CommandLine(new JbgpctlCommand(clock));
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? ExitStatus.USAGE_OR_CONFIG : ExitStatus.RUNTIME_ERROR);
        addHelpOptions(cl);
        return cl;
    }

    /** `jbgpctl show peers --help` and the like: every subcommand answers --help (and --version). */
    private static void addHelpOptions(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().optionsMap().get("--help") == null) sub.getCommandSpec().mixinStandardHelpOptions(true);
            addHelpOptions(sub);
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine(Clock.systemUTC()).execute(args));
    }
}
