package org.jbgpd.transport;

import org.jbgpd.session.DownReason;
import org.jbgpd.session.Negotiated;
import org.jbgpd.session.PeerId;
import org.jbgpd.session.SessionHandle;
import org.jbgpd.session.SessionListener;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.RouteRefresh;
import org.jbgpd.wire.Update;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the sessions reported, for tests to wait on. */
final class RecordingListener implements SessionListener {

    record Down(PeerId peer, DownReason reason, boolean graceful, int restartTimeSeconds) {}

    final List<Negotiated> established = new CopyOnWriteArrayList<>();
    final List<SessionHandle> handles = new CopyOnWriteArrayList<>();
    final List<Update> updates = new CopyOnWriteArrayList<>();
    final List<Family> endOfRibs = new CopyOnWriteArrayList<>();
    final List<RouteRefresh> refreshes = new CopyOnWriteArrayList<>();
    final List<Down> downs = new CopyOnWriteArrayList<>();

    @Override
    public void established(PeerId peer, Negotiated negotiated, SessionHandle handle) {
        established.add(negotiated);
        handles.add(handle);
    }

    @Override
    public void updateReceived(PeerId peer, Update update) { updates.add(update); }

    @Override
    public void endOfRib(PeerId peer, Family family) { endOfRibs.add(family); }

    @Override
    public void routeRefreshReceived(PeerId peer, RouteRefresh refresh) { refreshes.add(refresh); }

    @Override
    public void down(PeerId peer, DownReason reason, boolean graceful, int restartTimeSeconds) {
        downs.add(new Down(peer, reason, graceful, restartTimeSeconds));
    }
}
