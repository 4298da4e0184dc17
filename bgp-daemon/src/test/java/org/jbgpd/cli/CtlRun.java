package org.jbgpd.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * One `jbgpctl --socket SOCKET ARGS...` run inside the test's JVM (no JVM start per command): its exit status and
 * what it printed. The CLI tests and the daemon tests that drive a running jbgpd share it.
 */
public record CtlRun(int status, String out, String err) {

    public static CtlRun of(Clock clock, Path socket, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Jbgpctl.commandLine(clock);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--socket", socket.toString()));
        all.addAll(List.of(args));
        int status = cl.execute(all.toArray(String[]::new));
        return new CtlRun(status, out.toString(), err.toString());
    }

    public static CtlRun of(Path socket, String... args) { return of(Clock.systemUTC(), socket, args); }

    /** The status, a newline, then stdout and stderr: the form the daemon tests match with startsWith("0\n..."). */
    public String text() { return status + "\n" + out + err; }
}
