package org.jbgpd.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jbgpd.config.ConfigException;
import org.jbgpd.config.ConfigLoader;
import org.jbgpd.config.ConfigProblem;
import org.jbgpd.config.LoadedConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jbgpd}: runs the daemon, or with --check only validates the config. */
@Command(name = "jbgpd", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A BGP-4 speaker for Linux gateways.%nExit status: 0 ok, 1 runtime error, 2 usage or config error.")
public final class JbgpdCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "YAML config file")
    Path config;

    @Option(names = "--check", description = "validate the config, print problems and exit (0 ok, 2 errors)")
    boolean check;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Starts the daemon with a validated config; the runtime is plugged in by {@link #main}. */
    public interface Runner {
        int run(Path configFile, LoadedConfig loaded) throws Exception;
    }

    private final Runner runner;

    public JbgpdCommand(Runner runner) { this.runner = runner; }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        LoadedConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) err.println(p);
            err.println(config + ": " + e.errors().size() + " error(s), config not used");
            err.flush();
            return ExitStatus.USAGE_OR_CONFIG;
        }
        for (ConfigProblem p : loaded.warnings()) err.println(p);
        err.flush();
        if (check) {
            spec.commandLine().getOut().println(config + ": ok (" + loaded.config().peers().size() + " peers, "
                    + loaded.config().neighborRanges().size() + " neighbor ranges, " + loaded.config().policies().size() + " policies)");
            spec.commandLine().getOut().flush();
            return ExitStatus.OK;
        }
        return runner.run(config, loaded);
    }

    /** Builds the command line with exit codes per DESIGN.md (usage errors are 2). */
    public static CommandLine commandLine(Runner runner) {
        CommandLine cl = new CommandLine(new JbgpdCommand(runner));
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? ExitStatus.USAGE_OR_CONFIG : ExitStatus.RUNTIME_ERROR);
        return cl;
    }
}
