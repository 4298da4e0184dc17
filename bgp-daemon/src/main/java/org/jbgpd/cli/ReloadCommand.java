package org.jbgpd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code jbgpctl reload}: re-read the config file and apply the difference (same as SIGHUP). */
@Command(name = "reload", description = "re-read the config and apply the changes; a bad config is rejected and the running one stays")
public final class ReloadCommand implements Callable<Integer> {

    @ParentCommand
    JbgpctlCommand root;

    @Override
    public Integer call() {
        return root.act(c -> c.post("/v1/reload", new byte[0]));
    }
}
