package org.jbgpd.control;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;

/**
 * What the daemon offers the control plane. Answers come from snapshots or from the owning
 * stage's thread, hence asynchronous; the server never blocks its event loop on them.
 */
public interface ControlService {

    CompletionStage<List<PeerSummary>> peers();

    CompletionStage<Optional<PeerDetail>> peer(String name);

    /** Routes inside {@code within} (itself included), or all routes when null, in prefix order. */
    CompletionStage<List<RouteEntry>> routes(IpPrefix within);

    /** The longest-match route for an address, as the kernel would forward it. */
    CompletionStage<Optional<RouteEntry>> route(IpAddress address);

    CompletionStage<ActionResult> reload();

    /**
     * Stops jbgpd. {@code gracefulRestart}: close sessions without a NOTIFICATION and keep kernel
     * routes, so graceful-restart helpers keep our routes until we are back (a planned restart);
     * otherwise as SIGTERM (Cease 6/2 to every peer).
     */
    CompletionStage<ActionResult> stop(boolean gracefulRestart);

    /**
     * Carries out the stop that {@link #stop} announced. The control handler calls it once that
     * answer has been written (or could not be), so the caller always reads the whole answer.
     */
    void stopAnswered(boolean gracefulRestart);

    CompletionStage<ActionResult> resetPeer(String name);

    CompletionStage<ActionResult> shutdownPeer(String name, String message);

    CompletionStage<ActionResult> enablePeer(String name);
}
