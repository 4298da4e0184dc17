package org.jbgpd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import org.jbgpd.config.ControlConfig;
import org.jbgpd.control.ActionResult;
import org.jbgpd.control.ControlClient;
import org.jbgpd.control.ErrorBody;
import org.jbgpd.control.JsonCodec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code jbgpctl}: talks to a running jbgpd over its control socket. */
@Command(name = "jbgpctl", mixinStandardHelpOptions = true, versionProvider = Version.class,
        subcommands = {ShowCommand.class, ReloadCommand.class, PeerCommand.class, StopCommand.class, org.jbgpd.cli.mrt.MrtCommand.class},
        description = "Inspect and control a running jbgpd.%n"
                + "Exit status: 0 ok, 1 runtime error, 2 usage error or unknown name, 3 jbgpd not reachable.")
public final class JbgpctlCommand implements Runnable {

    public enum Output { table, json }

    @Option(names = "--socket", scope = ScopeType.INHERIT, paramLabel = "PATH", defaultValue = "${env:JBGPD_SOCKET:-/run/jbgpd/jbgpd.sock}",
            description = "control socket (default: ${DEFAULT-VALUE}; env JBGPD_SOCKET)")
    Path socket = ControlConfig.DEFAULT_SOCKET;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "table|json", defaultValue = "table",
            description = "output format: ${COMPLETION-CANDIDATES}")
    Output output = Output.table;

    @Spec
    CommandLine.Model.CommandSpec spec;

    final JsonCodec json = new JsonCodec();
    private final Clock clock;

    public JbgpctlCommand(Clock clock) { this.clock = clock; }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: show, reload, peer, stop or mrt");
    }

    Views views() { return new Views(ZoneId.systemDefault(), clock.instant()); }

    ControlClient client() { return new ControlClient(socket); }

    PrintWriter out() { return spec.commandLine().getOut(); }

    PrintWriter err() { return spec.commandLine().getErr(); }

    /** One request/answer exchange with the daemon. */
    @FunctionalInterface
    interface Exchange {
        ControlClient.Response with(ControlClient client) throws IOException;
    }

    /** Turns a JSON body into table text. */
    @FunctionalInterface
    interface Renderer {
        String render(byte[] body) throws IOException;
    }

    /** Runs a read request and prints its answer in the chosen format; returns the exit status. */
    int show(Exchange exchange, Renderer table) {
        ControlClient.Response r;
        try {
            r = exchange.with(client());
        } catch (ControlClient.UnreachableException e) {
            err().println("jbgpctl: " + e.getMessage());
            err().flush();
            return ExitStatus.DAEMON_UNREACHABLE;
        } catch (IOException e) {
            err().println("jbgpctl: " + e.getMessage());
            return ExitStatus.RUNTIME_ERROR;
        }
        if (r.status() != 200) return failure(r);
        try {
            out().print(output == Output.json ? r.text() + "\n" : table.render(r.body()));
            out().flush(); // print() does not flush, and main() ends in System.exit
        } catch (IOException e) {
            err().println("jbgpctl: cannot read jbgpd's answer: " + e.getMessage());
            err().flush();
            return ExitStatus.RUNTIME_ERROR;
        }
        return ExitStatus.OK;
    }

    /** Runs a state change and prints its outcome. */
    int act(Exchange exchange) {
        return show(exchange, body -> {
            ActionResult a = json.read(body, ActionResult.class);
            StringBuilder sb = new StringBuilder(a.message()).append('\n');
            a.details().forEach(d -> sb.append("  ").append(d).append('\n'));
            return sb.toString();
        });
    }

    private int failure(ControlClient.Response r) {
        String message;
        java.util.List<String> details = java.util.List.of();
        try {
            if (r.status() == 404 || r.status() == 422 || r.status() == 500) {
                ActionResult a = json.read(r.body(), ActionResult.class);
                message = a.message() != null ? a.message() : json.read(r.body(), ErrorBody.class).error();
                details = a.details();
            } else {
                message = json.read(r.body(), ErrorBody.class).error();
            }
        } catch (IOException e) {
            message = "HTTP " + r.status();
        }
        if (message == null) {
            try {
                message = json.read(r.body(), ErrorBody.class).error();
            } catch (IOException e) {
                message = "HTTP " + r.status();
            }
        }
        if (output == Output.json) {
            err().println(r.text());
        } else {
            err().println("jbgpctl: " + message);
            details.forEach(d -> err().println("  " + d));
        }
        err().flush();
        return switch (r.status()) {
            case 400, 404, 422 -> ExitStatus.USAGE_OR_CONFIG;
            default -> ExitStatus.RUNTIME_ERROR;
        };
    }
}
