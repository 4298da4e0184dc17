package org.jbgpd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jbgpctl stop [--graceful]}: stop jbgpd, by default like SIGTERM, or for a planned restart. */
@Command(name = "stop", description = "stop jbgpd: Cease 6/2 to every peer, kernel routes kept or removed per kernel.keepOnExit "
        + "(same as SIGTERM).%nWith --graceful, a planned restart (e.g. an upgrade): sessions close without NOTIFICATION, so peers "
        + "with graceful restart keep our routes for our restartTime, and kernel routes stay (whatever kernel.keepOnExit says); "
        + "start jbgpd again within that time (systemctl restart jbgpd).")
public final class StopCommand implements Callable<Integer> {

    @ParentCommand
    JbgpctlCommand root;

    @Option(names = "--graceful", description = "planned restart: no NOTIFICATION, kernel routes kept (RFC 4724)")
    boolean graceful;

    @Override
    public Integer call() {
        return root.act(c -> c.post("/v1/stop" + (graceful ? "?graceful=true" : ""), new byte[0]));
    }
}
