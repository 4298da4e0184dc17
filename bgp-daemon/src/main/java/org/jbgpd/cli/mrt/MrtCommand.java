package org.jbgpd.cli.mrt;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jbgpd.mrt.BgpdumpText;
import org.jbgpd.mrt.MrtFormatException;
import org.jbgpd.mrt.MrtInput;
import org.jbgpd.mrt.WireAttributeDecoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jbgpctl mrt}: reads MRT files (RFC 6396) locally. Registered as a subcommand of jbgpctl;
 * {@link #main} runs it on its own.
 */
@Command(name = "mrt", mixinStandardHelpOptions = true,
        description = "Read MRT files (RFC 6396) such as RIPE RIS and RouteViews dumps; no daemon needed.",
        subcommands = MrtCommand.Print.class)
public final class MrtCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int RUNTIME_ERROR = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new MrtCommand()).execute(args));
    }

    @Command(name = "print", mixinStandardHelpOptions = true,
            description = {"Print MRT files one line per route, exactly as `bgpdump -m` does.",
                    "TABLE_DUMP, TABLE_DUMP_V2 (with add-path), BGP4MP and BGP4MP_ET; plain or gzip files."},
            exitCodeListHeading = "Exit status:%n",
            exitCodeList = {"0:every file printed", "1:a file could not be read or ends inside a record (what came before is printed)",
                    "2:usage error"})
    static final class Print implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "MRT file, plain or gzip-compressed; - reads standard input")
        List<String> files;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            PrintWriter out = spec.commandLine().getOut();
            int status = OK;
            WireAttributeDecoder decoder = new WireAttributeDecoder();
            StopWhenOutputCloses lines = new StopWhenOutputCloses(out);
            for (String file : files) {
                try (InputStream in = file.equals("-") ? MrtInput.wrap(System.in, "<stdin>") : MrtInput.open(Path.of(file))) {
                    BgpdumpText.print(in, file, decoder, lines, w -> warn(out, err, w));
                } catch (StopWhenOutputCloses.OutputClosed e) {
                    return RUNTIME_ERROR; // nobody reads on: stop quietly, like a tool killed by SIGPIPE
                } catch (NoSuchFileException e) {
                    status = fail(out, err, file + ": no such file");
                } catch (MrtFormatException e) {
                    status = fail(out, err, e.getMessage());
                } catch (IOException e) {
                    status = fail(out, err, file + ": " + e.getMessage());
                }
                if (out.checkError()) return RUNTIME_ERROR; // stdout went away (e.g. piped into head)
            }
            out.flush();
            return out.checkError() ? RUNTIME_ERROR : status;
        }

        private static void warn(Writer out, PrintWriter err, String message) {
            flushQuietly(out); // keep warnings next to the lines they follow
            err.println("jbgpctl mrt print: warning: " + message);
            err.flush();
        }

        private static int fail(Writer out, PrintWriter err, String message) {
            flushQuietly(out);
            err.println("jbgpctl mrt print: " + message);
            err.flush();
            return RUNTIME_ERROR;
        }

        private static void flushQuietly(Writer out) {
            try {
                out.flush();
            } catch (IOException ignored) {
                // reported when the next line is written
            }
        }
    }
}
