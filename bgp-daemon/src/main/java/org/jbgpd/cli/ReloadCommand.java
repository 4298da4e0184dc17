package org.jbgpd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code jbgpctl reload}: re-read the config file and apply the difference (same as SIGHUP). */
@Command(name = "reload", description = "re-read the config and apply the changes (same as SIGHUP): new peers start, removed ones get "
        + "Cease 6/3, changed session settings Cease 6/6, policy and announce changes keep the sessions.%n"
        + "A bad config, or one that changes routerId, asNumber, listen, control, metrics or kernel (these need a restart), "
        + "is rejected and the running one stays (exit 2).")
public final class ReloadCommand implements Callable<Integer> {

    @ParentCommand
    JbgpctlCommand root;

    @Override
    public Integer call() {
        return root.act(c -> c.post("/v1/reload", new byte[0]));
    }
}
