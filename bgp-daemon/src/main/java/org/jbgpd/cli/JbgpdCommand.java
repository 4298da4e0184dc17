package org.jbgpd.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.jbgpd.config.ConfigException;
import org.jbgpd.config.ConfigLoader;
import org.jbgpd.config.ConfigProblem;
import org.jbgpd.config.LoadedConfig;

/**
 * {@code jbgpd}: runs the daemon, or with --check only validates the config. Four options, parsed by
 * hand: picocli's annotation scanning loaded ~170 classes and cost ~0.2 CPU s of every daemon start
 * (ADR 0082); jbgpctl, with its subcommands and completion, keeps picocli.
 */
public final class JbgpdCommand {

    static final String USAGE = """
            Usage: jbgpd -c=FILE [--check] [-hV]
            A BGP-4 speaker for Linux gateways.
            Exit status: 0 ok, 1 runtime error, 2 usage or config error.
              -c, --config=FILE   YAML config file
                  --check         validate the config, print problems and exit (0 ok, 2 errors)
              -h, --help          Show this help message and exit.
              -V, --version       Print version information and exit.
            """;

    /** Starts the daemon with a validated config; the runtime is plugged in by {@link Jbgpd#main}. */
    public interface Runner {
        int run(Path configFile, LoadedConfig loaded) throws Exception;
    }

    private final Runner runner;
    private final PrintWriter out;
    private final PrintWriter err;

    public JbgpdCommand(Runner runner, PrintWriter out, PrintWriter err) {
        this.runner = runner;
        this.out = out;
        this.err = err;
    }

    /** Parses {@code args} and does what they say; the process exit status (DESIGN.md: 2 for usage errors). */
    public int execute(String... args) {
        Path config = null;
        boolean check = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            } else if (a.startsWith("-c") && a.length() > 2 && !a.startsWith("--")) {
                value = a.substring(a.charAt(2) == '=' ? 3 : 2);
                a = "-c";
            }
            switch (a) {
                case "-h", "--help" -> { return print(out, USAGE, ExitStatus.OK); }
                case "-V", "--version" -> { return print(out, new Version().getVersion()[0] + "\n", ExitStatus.OK); }
                case "--check" -> check = true;
                case "-c", "--config" -> {
                    if (value == null) {
                        if (i + 1 == args.length) return usage("Missing required parameter for option '--config' (FILE)");
                        value = args[++i];
                    }
                    config = Path.of(value);
                }
                default -> { return usage((a.startsWith("-") ? "Unknown option: '" : "Unmatched argument: '") + args[i] + "'"); }
            }
        }
        if (config == null) return usage("Missing required option: '--config=FILE'");
        try {
            return run(config, check);
        } catch (Exception e) {
            err.println("jbgpd: " + e);
            err.flush();
            return ExitStatus.RUNTIME_ERROR;
        }
    }

    private int run(Path config, boolean check) throws Exception {
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
            out.println(config + ": ok (" + loaded.config().peers().size() + " peers, "
                    + loaded.config().neighborRanges().size() + " neighbor ranges, " + loaded.config().policies().size() + " policies)");
            out.flush();
            return ExitStatus.OK;
        }
        return runner.run(config, loaded);
    }

    private int usage(String problem) {
        err.print(problem + "\n" + USAGE);
        err.flush();
        return ExitStatus.USAGE_OR_CONFIG;
    }

    private static int print(PrintWriter to, String text, int status) {
        to.print(text);
        to.flush();
        return status;
    }
}
