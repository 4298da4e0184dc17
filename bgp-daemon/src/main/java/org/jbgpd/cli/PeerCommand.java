package org.jbgpd.cli;

import java.util.concurrent.Callable;
import org.jbgpd.control.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jbgpctl peer reset|shutdown|enable NAME}. */
@Command(name = "peer", description = "reset, shut down or enable a peer",
        subcommands = {PeerCommand.Reset.class, PeerCommand.Shutdown.class, PeerCommand.Enable.class})
public final class PeerCommand {

    @ParentCommand
    JbgpctlCommand root;

    /** The body of a shutdown request. */
    record ShutdownBody(String message) {}

    @Command(name = "reset", description = "close the session (Cease, administrative reset) and connect again")
    static final class Reset implements Callable<Integer> {
        @ParentCommand PeerCommand peer;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            return peer.root.act(c -> c.post("/v1/peers/" + ControlClient.query(name) + "/reset", new byte[0]));
        }
    }

    @Command(name = "shutdown", description = "close the session (Cease, administrative shutdown) and keep it down until enabled")
    static final class Shutdown implements Callable<Integer> {
        @ParentCommand PeerCommand peer;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--message", paramLabel = "TEXT", description = "shutdown communication sent to the peer (RFC 9003)")
        String message;

        @Override
        public Integer call() {
            JbgpctlCommand r = peer.root;
            return r.act(c -> c.post("/v1/peers/" + ControlClient.query(name) + "/shutdown", r.json.write(new ShutdownBody(message))));
        }
    }

    @Command(name = "enable", description = "allow a shut-down peer to connect again")
    static final class Enable implements Callable<Integer> {
        @ParentCommand PeerCommand peer;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            return peer.root.act(c -> c.post("/v1/peers/" + ControlClient.query(name) + "/enable", new byte[0]));
        }
    }
}
