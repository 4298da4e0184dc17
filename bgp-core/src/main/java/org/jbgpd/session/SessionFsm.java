package org.jbgpd.session;

import org.jbgpd.session.FsmAction.CancelDial;
import org.jbgpd.session.FsmAction.CancelTimer;
import org.jbgpd.session.FsmAction.Close;
import org.jbgpd.session.FsmAction.ConfigureCodec;
import org.jbgpd.session.FsmAction.Deliver;
import org.jbgpd.session.FsmAction.Dial;
import org.jbgpd.session.FsmAction.SendKeepalive;
import org.jbgpd.session.FsmAction.SendNotification;
import org.jbgpd.session.FsmAction.SendOpen;
import org.jbgpd.session.FsmAction.SessionDown;
import org.jbgpd.session.FsmAction.SessionUp;
import org.jbgpd.session.FsmAction.StartTimer;
import org.jbgpd.session.FsmEvent.Closed;
import org.jbgpd.session.FsmEvent.ConnectFailed;
import org.jbgpd.session.FsmEvent.Connected;
import org.jbgpd.session.FsmEvent.DecodeFailed;
import org.jbgpd.session.FsmEvent.KeepaliveReceived;
import org.jbgpd.session.FsmEvent.NotificationReceived;
import org.jbgpd.session.FsmEvent.OpenReceived;
import org.jbgpd.session.FsmEvent.RouteRefreshReceived;
import org.jbgpd.session.FsmEvent.Start;
import org.jbgpd.session.FsmEvent.Stop;
import org.jbgpd.session.FsmEvent.TimerFired;
import org.jbgpd.session.FsmEvent.UpdateReceived;
import org.jbgpd.session.FsmEvent.WritabilityChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The RFC 4271 §8 state machine of one peer: events in, actions out, time from an injected clock. It owns up to two
 * TCP connections at once (ours and the peer's, RFC 4271 §6.8) and resolves the collision by BGP Identifier as soon
 * as the peer's OPEN names it. Not thread-safe: one thread (the peer's event loop) drives it.
 */
public final class SessionFsm {

    private static final Logger log = LoggerFactory.getLogger(SessionFsm.class);

    /** RFC 4271 §8.2.2: "a large value" for the hold timer while waiting for the OPEN; 4 minutes is suggested. */
    static final long OPEN_HOLD_MILLIS = 240_000;
    /** A session counts as stable, and the error back-off resets, after this long Established (at least). */
    static final long MIN_STABLE_MILLIS = 10_000;

    private final SessionSettings settings;
    private final LongSupplier clock;
    private final RandomGenerator random;
    private final OpenNegotiation negotiation;

    private boolean enabled;
    /** The state while no connection exists: IDLE, CONNECT (dial pending) or ACTIVE (waiting). */
    private SessionState idleState = SessionState.IDLE;
    private boolean dialPending;
    private final List<Connection> connections = new ArrayList<>(2);
    private int consecutiveFailures;
    private DownReason lastError;
    private SessionState reportedState = SessionState.IDLE;
    private long stateSince;
    private int establishedTransitions;
    private final long[] received = new long[6];
    private final long[] sent = new long[6];
    /** NOTIFICATION counts keyed by (sent ? 1 : 0) << 16 | code << 8 | subcode, in first-seen order. */
    private final java.util.LinkedHashMap<Integer, long[]> notificationCounts = new java.util.LinkedHashMap<>();
    /** The published form of {@link #notificationCounts}, rebuilt only when one changes (snapshots are per event). */
    private List<SessionSnapshot.NotificationCount> notificationList = List.of();

    private List<FsmAction> out;

    public SessionFsm(SessionSettings settings, LongSupplier clockMillis, RandomGenerator random) {
        this.settings = settings;
        this.clock = clockMillis;
        this.random = random;
        this.negotiation = new OpenNegotiation(settings);
        this.stateSince = clockMillis.getAsLong();
    }

    public SessionSettings settings() { return settings; }

    /** The state a user sees: the most advanced connection's, or Idle/Connect/Active when there is none. */
    public SessionState state() {
        if (connections.isEmpty()) return idleState;
        SessionState s = SessionState.OPEN_SENT;
        for (int i = 0; i < connections.size(); i++) {
            SessionState cs = connections.get(i).state; // indexed: C1 allocates an iterator per for-each, and this runs per UPDATE
            if (cs.compareTo(s) > 0) s = cs;
        }
        return s;
    }

    public boolean enabled() { return enabled; }

    /** True when no connection exists and none is being dialled: a dynamic neighbor can be forgotten. */
    public boolean quiescent() { return connections.isEmpty() && !dialPending; }

    public int connectionCount() { return connections.size(); }

    /** The connection of the Established session, or -1. */
    public long establishedConnection() {
        for (int i = 0; i < connections.size(); i++) if (connections.get(i).state == SessionState.ESTABLISHED) return connections.get(i).id;
        return -1;
    }

    public DownReason lastError() { return lastError; }

    /** Adds UPDATEs the transport sent directly (exports bypass the state machine) to the counters. */
    public void countSentUpdates(long n) { sent[2] += n; }

    public SessionSnapshot snapshot() {
        Connection est = find(establishedConnection());
        return new SessionSnapshot(settings.name(), state(), stateSince, enabled, est == null ? null : est.negotiated, lastError,
                counts(received), counts(sent), establishedTransitions, notificationList);
    }

    /** Feeds one event; returns the actions to perform, in order. */
    public List<FsmAction> handle(FsmEvent event) {
        if (event instanceof UpdateReceived u) {
            List<FsmAction> delivered = deliverOnEstablished(u.connection());
            if (delivered != null) return delivered;
        }
        out = new ArrayList<>(4);
        switch (event) {
            case Start s -> start();
            case Stop s -> stop(s);
            case FsmEvent.Abort a -> abort(a);
            case Connected c -> connected(c.connection(), c.direction());
            case ConnectFailed f -> connectFailed(f.why());
            case Closed c -> closed(c.connection(), c.why());
            case OpenReceived o -> openReceived(o.connection(), o.open());
            case KeepaliveReceived k -> keepaliveReceived(k.connection());
            case UpdateReceived u -> routeMessage(u.connection(), 2);
            case RouteRefreshReceived r -> routeMessage(r.connection(), 5);
            case NotificationReceived n -> notificationReceived(n.connection(), n.notification());
            case DecodeFailed d -> decodeFailed(d.connection(), d.toSend());
            case TimerFired t -> timerFired(t.timer());
            case WritabilityChanged w -> writabilityChanged(w.connection(), w.writable());
            case FsmEvent.ReadingPaused r -> readingPaused(r.connection(), r.paused());
        }
        SessionState now = state();
        if (now != reportedState) {
            log.debug("peer {}: {} -> {}", settings.name(), reportedState.displayName(), now.displayName());
            reportedState = now;
            stateSince = clock.getAsLong();
        }
        List<FsmAction> result = out;
        out = null;
        return result;
    }

    // ---- administrative events

    private void start() {
        if (enabled) return;
        enabled = true;
        consecutiveFailures = 0;
        if (connections.isEmpty()) begin();
    }

    private void stop(Stop s) {
        enabled = s.restart();
        consecutiveFailures = 0;
        DownReason reason = new DownReason(DownReason.Kind.ADMIN, s.notification(), s.text(), clock.getAsLong());
        for (Connection c : List.copyOf(connections)) {
            if (s.notification() != null) send(c, new SendNotification(c.id, onTheWire(c, s.notification())));
            remove(c, reason, false);
        }
        lastError = reason;
        stopDialling();
        cancel(Timer.peer(Timer.Kind.IDLE_HOLD));
        idleState = SessionState.IDLE;
        if (s.restart()) out.add(new StartTimer(Timer.peer(Timer.Kind.IDLE_HOLD), jitter(settings.connectRetryTime() * 1000L)));
    }

    private void abort(FsmEvent.Abort a) {
        Connection c = find(establishedConnection());
        if (c == null) return;
        log.warn("peer {}: {}, sending {}", settings.name(), a.text(), a.notification().describe());
        // Counted as an error even if the session was stable: a peer that keeps exceeding the limit backs off.
        c.establishedAt = clock.getAsLong();
        sendAndFail(c, onTheWire(c, a.notification()), a.text());
    }

    /** Leaves Idle: dial (Connect) or wait for the peer (Active). */
    private void begin() {
        cancel(Timer.peer(Timer.Kind.IDLE_HOLD));
        if (settings.passive()) {
            idleState = SessionState.ACTIVE;
        } else {
            idleState = SessionState.CONNECT;
            dial();
        }
    }

    private void dial() {
        dialPending = true;
        out.add(new Dial());
        out.add(new StartTimer(Timer.peer(Timer.Kind.CONNECT_RETRY), jitter(settings.connectRetryTime() * 1000L)));
    }

    private void stopDialling() {
        if (dialPending) out.add(new CancelDial());
        dialPending = false;
        cancel(Timer.peer(Timer.Kind.CONNECT_RETRY));
    }

    // ---- TCP events

    private void connected(long id, Direction direction) {
        if (!enabled) {
            // Closed without a word: a NOTIFICATION here would replace the shutdown message in the peer's status
            // (FRR's "Last reset") with a rejection nobody asked to read.
            out.add(new Close(id));
            return;
        }
        if (direction == Direction.OUTBOUND) {
            if (!dialPending) { // a dial we gave up on completed late
                out.add(new Close(id));
                return;
            }
            dialPending = false;
            cancel(Timer.peer(Timer.Kind.CONNECT_RETRY));
        } else {
            // A newer connection from the peer replaces one still waiting for its OPEN: the peer restarted or gave up on it.
            for (Connection c : List.copyOf(connections)) {
                // not a collision: the peer abandoned that connection, so it gets no NOTIFICATION
                if (c.direction == Direction.INBOUND && c.state != SessionState.ESTABLISHED) remove(c, null, false);
            }
            if (connections.size() >= 2) {
                NotificationData rejected = NotificationData.cease(NotificationData.CONNECTION_REJECTED);
                sent[3]++;
                countNotification(true, rejected);
                out.add(new SendNotification(id, rejected));
                out.add(new Close(id));
                return;
            }
            // RFC 4271 Connect/Active: an accepted connection takes over; our own dial stops.
            stopDialling();
            cancel(Timer.peer(Timer.Kind.IDLE_HOLD));
        }
        Connection ahead = pastOpenSent();
        Connection c = new Connection(id, direction, clock.getAsLong());
        connections.add(c);
        if (ahead == null) {
            sendOpen(c);
        } else {
            // RFC 4271 §8.1.1 DelayOpen, applied only here: while another connection is OpenConfirm or Established the
            // peer must not get our OPEN on this one, or it may resolve the collision against the session we already
            // hold (BIRD closes its OpenConfirm connection when our OPEN arrives on the other, ADR 0097).
            c.openHeld = true;
            log.info("peer {}: {} connection while the {} one is {}; holding our OPEN on it", settings.name(),
                    direction.name().toLowerCase(), ahead.direction.name().toLowerCase(), ahead.state.displayName());
        }
        out.add(new StartTimer(new Timer(Timer.Kind.HOLD, id), OPEN_HOLD_MILLIS));
    }

    private void sendOpen(Connection c) {
        c.openHeld = false;
        sent[0]++;
        out.add(new SendOpen(c.id, negotiation.localOpen(settings.restarting() && establishedTransitions == 0)));
    }

    /**
     * The connection in OpenConfirm or Established, if any. There is at most one (see {@link #connected}), except while
     * a connection that came with the Restart State bit waits in OpenConfirm beside the Established one (see
     * {@link #openReceived}); then either is past OpenSent, which is all the callers ask.
     */
    private Connection pastOpenSent() {
        for (Connection c : connections) if (c.state.compareTo(SessionState.OPEN_SENT) > 0) return c;
        return null;
    }

    private void connectFailed(String why) {
        if (!dialPending) return;
        dialPending = false;
        log.debug("peer {}: connect failed: {}", settings.name(), why);
        if (connections.isEmpty()) {
            idleState = SessionState.ACTIVE; // listen until the connect-retry timer (still running) fires
            if (lastError == null || lastError.kind() == DownReason.Kind.CONNECT_FAILED) {
                lastError = new DownReason(DownReason.Kind.CONNECT_FAILED, null, "connect failed: " + why, clock.getAsLong());
            }
        }
    }

    private void closed(long id, String why) {
        Connection c = find(id);
        if (c == null) return;
        DownReason reason = new DownReason(DownReason.Kind.CONNECTION_CLOSED, null, why, clock.getAsLong());
        boolean graceful = c.state == SessionState.ESTABLISHED && c.negotiated.gracefulRestart();
        fail(c, reason, graceful);
    }

    private void writabilityChanged(long id, boolean writable) {
        Connection c = find(id);
        if (c == null) return;
        Timer t = new Timer(Timer.Kind.SEND_HOLD, id);
        if (writable) {
            if (c.sendBlocked) cancel(t);
            c.sendBlocked = false;
        } else if (!c.sendBlocked) {
            c.sendBlocked = true;
            out.add(new StartTimer(t, sendHoldMillis(c)));
        }
    }

    /**
     * RFC 4271 §4.4: the hold timer measures the peer's silence. While we do not read, silence is ours, so the timer
     * is held (see {@link #holdTimer}) and on resume it starts over from the full hold time: what the peer sent
     * meanwhile is still in the socket and arrives now.
     */
    private void readingPaused(long id, boolean paused) {
        Connection c = find(id);
        if (c == null || c.readPaused == paused) return;
        c.readPaused = paused;
        if (!paused) c.lastReceived = clock.getAsLong();
    }

    // ---- messages

    private void openReceived(long id, OpenFields open) {
        Connection c = find(id);
        if (c == null) return;
        received[0]++;
        c.lastReceived = clock.getAsLong();
        if (c.state != SessionState.OPEN_SENT || c.parkedOpen) {
            unexpected(c);
            return;
        }
        NotificationData error = negotiation.validate(open);
        if (error != null) {
            log.warn("peer {}: rejecting OPEN: {}", settings.name(), error.describe());
            sendAndFail(c, error, "");
            return;
        }
        Negotiated n = negotiation.negotiate(open);
        negotiation.logOutcome(n, open);
        c.negotiated = n;
        Connection other = other(c);
        if (other != null && other.state == SessionState.ESTABLISHED) {
            // RFC 4724: a peer that restarted says so with the Restart State bit; only then may a new connection
            // replace the Established one. Otherwise RFC 4271 §6.8: a collision with an Established connection closes
            // the new one, and since the new one never got our OPEN (see connected) the peer cannot have chosen it.
            boolean mayHaveRestarted = other.negotiated.gracefulRestart() && n.gracefulRestart() && n.peerGracefulRestart().restarting();
            if (!mayHaveRestarted) {
                log.info("peer {}: connection collision with the Established session, closing the new {} connection",
                        settings.name(), c.direction.name().toLowerCase());
                dropLoser(c);
                return;
            }
            // The R bit alone does not prove a restart: a speaker sets it for a while after it starts (FRR: its whole
            // restart time), and its own dial, sent before its side of our session came up, brings the bit here after
            // that session is up. Such a peer refuses our OPEN on the dial (6/7, FRR bgp_collision_detect) or closes
            // it; a peer that really restarted holds no other session and answers with KEEPALIVE. So the old session
            // ends only when that KEEPALIVE arrives (see established).
            log.info("peer {}: new {} connection with the Restart State bit while Established; the old session ends if the peer confirms this one",
                    settings.name(), c.direction.name().toLowerCase());
        } else if (other != null && other.state == SessionState.OPEN_CONFIRM && c.openHeld) {
            // The peer has our OPEN and KEEPALIVE on the other connection only, so it is about to be Established there:
            // decide when that one is Established (this one is closed) or fails (this one goes on).
            log.info("peer {}: OPEN on the {} connection while the other one is OpenConfirm; deciding when that one is Established or fails",
                    settings.name(), c.direction.name().toLowerCase());
            c.parkedOpen = true;
            return;
        } else if (other != null) {
            Connection loser = collisionLoser(c, other, open);
            log.info("peer {}: connection collision, closing the {} connection", settings.name(), loser.direction.name().toLowerCase());
            dropLoser(loser);
            if (loser == c) return;
        }
        confirm(c);
    }

    /** The peer's OPEN on {@code c} is accepted: our OPEN if still held, KEEPALIVE, OpenConfirm with the negotiated timers. */
    private void confirm(Connection c) {
        long id = c.id;
        Negotiated n = c.negotiated;
        if (c.openHeld) sendOpen(c);
        if (c.parkedOpen) c.lastReceived = clock.getAsLong(); // the hold time starts now, not when the OPEN was parked
        c.parkedOpen = false;
        c.state = SessionState.OPEN_CONFIRM;
        out.add(new ConfigureCodec(id, n));
        sendKeepalive(c);
        c.holdMillis = n.holdTimeSeconds() * 1000L;
        Timer hold = new Timer(Timer.Kind.HOLD, id);
        if (c.holdMillis > 0) {
            out.add(new StartTimer(hold, c.holdMillis));
            c.keepaliveMillis = n.keepaliveTimeSeconds() * 1000L;
            out.add(new StartTimer(new Timer(Timer.Kind.KEEPALIVE, id), jitter(c.keepaliveMillis)));
        } else {
            cancel(hold); // hold time 0: neither side sends keepalives, nothing can expire
        }
    }

    /**
     * RFC 4271 §6.8: the connection opened by the speaker with the higher BGP Identifier survives (RFC 6286 §2.3: on
     * equal identifiers, the higher AS number's). Returns the connection to close.
     */
    private Connection collisionLoser(Connection fresh, Connection other, OpenFields open) {
        int cmp = Integer.compareUnsigned(settings.localBgpIdentifier(), open.bgpIdentifier());
        if (cmp == 0) cmp = Long.compare(settings.localAs(), open.effectiveAs());
        Direction keep = cmp > 0 ? Direction.OUTBOUND : Direction.INBOUND;
        if (fresh.direction == other.direction) return other; // cannot happen with one dial at a time; keep the newer
        return fresh.direction == keep ? other : fresh;
    }

    private void keepaliveReceived(long id) {
        Connection c = find(id);
        if (c == null) return;
        received[4]++;
        c.lastReceived = clock.getAsLong();
        switch (c.state) {
            case OPEN_SENT -> unexpected(c);
            case OPEN_CONFIRM -> established(c);
            default -> { }
        }
    }

    private void established(Connection c) {
        Connection other = other(c);
        if (other != null && other.parkedOpen) {
            log.info("peer {}: connection collision with the Established session, closing the new {} connection",
                    settings.name(), other.direction.name().toLowerCase());
            dropLoser(other); // RFC 4271 §6.8: a collision with an Established connection closes the new one
        } else if (other != null && other.state == SessionState.ESTABLISHED) {
            // The peer took our OPEN on a connection it opened with the Restart State bit (see openReceived): it
            // restarted. RFC 4724 §4.2: the old session ends as if its connection had dropped, its routes kept stale.
            log.info("peer {}: the peer confirmed the new connection: it restarted with graceful restart", settings.name());
            DownReason r = new DownReason(DownReason.Kind.CONNECTION_CLOSED, null, "peer restarted (graceful restart)", clock.getAsLong());
            remove(other, r, true);
            lastError = r;
        }
        c.state = SessionState.ESTABLISHED;
        c.establishedAt = clock.getAsLong();
        establishedTransitions++;
        stopDialling();
        log.info("peer {}: Established (AS {}, hold {} s, families {})", settings.name(), c.negotiated.peerAs(),
                c.negotiated.holdTimeSeconds(), c.negotiated.families());
        out.add(new SessionUp(c.id, c.negotiated));
    }

    /**
     * The common case of {@link #routeMessage} for an UPDATE, without a new action list: on an Established connection
     * nothing but the counter and the hold-timer clock changes, and the one action is the connection's own immutable
     * Deliver (a full table is a million UPDATEs of one prefix each in the diverse benchmark; ADR 0093). Null when the
     * connection is not Established (the general path then decides).
     */
    private List<FsmAction> deliverOnEstablished(long id) {
        Connection c = find(id);
        if (c == null || c.state != SessionState.ESTABLISHED) return null;
        received[2]++;
        c.lastReceived = clock.getAsLong();
        List<FsmAction> d = c.deliver;
        if (d == null) c.deliver = d = List.of(new Deliver(id));
        return d;
    }

    /** UPDATE (index 2) or ROUTE-REFRESH (index 5): only legal when Established. */
    private void routeMessage(long id, int counter) {
        Connection c = find(id);
        if (c == null) return;
        received[counter]++;
        c.lastReceived = clock.getAsLong();
        if (c.state != SessionState.ESTABLISHED) {
            unexpected(c);
            return;
        }
        out.add(new Deliver(id));
    }

    private void notificationReceived(long id, NotificationData n) {
        Connection c = find(id);
        if (c == null) return;
        received[3]++;
        countNotification(false, n);
        if (n.code() == NotificationData.OPEN_MESSAGE_ERROR
                && (n.subcode() == NotificationData.UNSUPPORTED_CAPABILITY || n.subcode() == NotificationData.UNSUPPORTED_OPTIONAL_PARAMETER)) {
            // jbgpd does not retry without capabilities as BIRD does: without 4-octet AS, multiprotocol and graceful
            // restart the session would not be the one configured (ADR 0050), so the operator is told what to turn off.
            String which = n.refusedCapabilities();
            log.warn("peer {}: the peer refused our OPEN: {}{} - check the families, add-path and graceful-restart settings for this peer",
                    settings.name(), n.describe(), which.isEmpty() ? "" : "; it does not support " + which);
        } else {
            log.warn("peer {}: received NOTIFICATION {}", settings.name(), n.describe());
        }
        DownReason reason = new DownReason(DownReason.Kind.NOTIFICATION_RECEIVED, n, "", clock.getAsLong());
        fail(c, reason, gracefulNotification(c, n));
    }

    private void decodeFailed(long id, NotificationData toSend) {
        Connection c = find(id);
        if (c == null) return;
        log.warn("peer {}: malformed message, sending {}", settings.name(), toSend.describe());
        sendAndFail(c, toSend, "malformed message");
    }

    /** RFC 6608: a message that is not legal in the connection's state. */
    private void unexpected(Connection c) {
        int sub = switch (c.state) {
            case OPEN_SENT -> NotificationData.UNEXPECTED_IN_OPEN_SENT;
            case OPEN_CONFIRM -> NotificationData.UNEXPECTED_IN_OPEN_CONFIRM;
            default -> NotificationData.UNEXPECTED_IN_ESTABLISHED;
        };
        sendAndFail(c, NotificationData.of(NotificationData.FSM_ERROR, sub), "unexpected message in " + c.state.displayName());
    }

    // ---- timers

    private void timerFired(Timer t) {
        switch (t.kind()) {
            case CONNECT_RETRY -> {
                if (!enabled || !connections.isEmpty() || settings.passive()) return;
                if (dialPending) out.add(new CancelDial()); // the attempt timed out
                idleState = SessionState.CONNECT;
                dial();
            }
            case IDLE_HOLD -> {
                if (enabled && connections.isEmpty() && idleState == SessionState.IDLE) begin();
            }
            case HOLD -> holdTimer(t);
            case KEEPALIVE -> {
                Connection c = find(t.connection());
                if (c == null || c.state == SessionState.OPEN_SENT || c.keepaliveMillis == 0) return;
                sendKeepalive(c);
                out.add(new StartTimer(t, jitter(c.keepaliveMillis)));
            }
            case SEND_HOLD -> {
                Connection c = find(t.connection());
                if (c == null || !c.sendBlocked) return;
                log.warn("peer {}: peer has not read our messages for {} ms, closing (RFC 9687)", settings.name(), sendHoldMillis(c));
                sendAndFail(c, NotificationData.of(NotificationData.SEND_HOLD_TIMER_EXPIRED, 0), "send hold timer expired");
            }
        }
    }

    /** The hold timer is a deadline from the last message received, so messages never reschedule it (no per-UPDATE timer work). */
    private void holdTimer(Timer t) {
        Connection c = find(t.connection());
        if (c == null) return;
        if (c.openHeld && other(c) != null) {
            dropLoser(c); // a second connection that never got going while the session is up: not the session's error
            return;
        }
        long limit = c.state == SessionState.OPEN_SENT ? OPEN_HOLD_MILLIS : c.holdMillis;
        if (limit == 0) return;
        long left = c.readPaused ? limit : c.lastReceived + limit - clock.getAsLong();
        if (left > 0) {
            out.add(new StartTimer(t, left));
            return;
        }
        log.warn("peer {}: hold timer expired ({} ms without a message)", settings.name(), limit);
        sendAndFail(c, NotificationData.of(NotificationData.HOLD_TIMER_EXPIRED, 0), "hold timer expired");
    }

    // ---- helpers

    private void sendKeepalive(Connection c) {
        sent[4]++;
        out.add(new SendKeepalive(c.id));
    }

    private void send(Connection c, SendNotification n) {
        sent[3]++;
        countNotification(true, n.notification());
        out.add(n);
    }

    private void countNotification(boolean wasSent, NotificationData n) {
        notificationCounts.computeIfAbsent((wasSent ? 1 << 16 : 0) | n.code() << 8 | n.subcode(), k -> new long[1])[0]++;
        List<SessionSnapshot.NotificationCount> l = new ArrayList<>(notificationCounts.size());
        notificationCounts.forEach((k, v) -> l.add(new SessionSnapshot.NotificationCount((k >> 16) == 1, (k >> 8) & 0xff, k & 0xff, v[0])));
        notificationList = List.copyOf(l);
    }

    /**
     * Closes the connection that lost a collision (RFC 4271 §6.8) with Cease 6/7. The loser is never Established on
     * our side, so the peer is at most Established on it when it already took our KEEPALIVE and then its own
     * resolution keeps it too. BIRD 1.6 and 2 close only the connection a Cease arrives on unless that connection is
     * their Established one (ADR 0050 has the check against their source and the interop runs).
     */
    private void dropLoser(Connection c) {
        send(c, new SendNotification(c.id, NotificationData.cease(NotificationData.CONNECTION_COLLISION)));
        remove(c, null, false);
    }

    private void sendAndFail(Connection c, NotificationData n, String text) {
        send(c, new SendNotification(c.id, n));
        fail(c, new DownReason(DownReason.Kind.NOTIFICATION_SENT, n, text, clock.getAsLong()), gracefulNotification(c, n));
    }

    /**
     * RFC 8538 §4: once both sides set the N bit, a NOTIFICATION sent or received on the Established session ends it
     * like a lost connection (the peer's routes are kept as stale for its restart time), except a Hard Reset.
     */
    private static boolean gracefulNotification(Connection c, NotificationData n) {
        return c.state == SessionState.ESTABLISHED && c.negotiated.gracefulNotification() && !n.isHardReset();
    }

    /** RFC 8538 §5: with the N bit exchanged, Cease subcodes that end the peering for good go out as a Hard Reset. */
    private static NotificationData onTheWire(Connection c, NotificationData n) {
        boolean wrap = c.state == SessionState.ESTABLISHED && c.negotiated.gracefulNotification() && n.needsHardReset();
        return wrap ? NotificationData.hardReset(n) : n;
    }

    /** Ends a connection because of an error; with no connection left, waits (with back-off) before the next attempt. */
    private void fail(Connection c, DownReason reason, boolean graceful) {
        boolean stable = c.state == SessionState.ESTABLISHED && clock.getAsLong() - c.establishedAt >= stableMillis(c);
        // A second connection that ends beside the Established session (the peer gave up its dial) is not the
        // session's error: `show peer` would show it as the last error of a session that never dropped.
        boolean beside = c.state != SessionState.ESTABLISHED && establishedConnection() != -1;
        remove(c, reason, graceful);
        if (!beside) lastError = reason;
        if (!connections.isEmpty()) {
            release(connections.getFirst());
            return;
        }
        if (!enabled) {
            idleState = SessionState.IDLE;
            return;
        }
        long delay;
        if (stable) {
            consecutiveFailures = 0;
            delay = 0;
        } else {
            consecutiveFailures++;
            delay = backoffMillis(consecutiveFailures);
        }
        idleState = SessionState.IDLE;
        if (delay == 0) begin();
        else out.add(new StartTimer(Timer.peer(Timer.Kind.IDLE_HOLD), delay));
    }

    /** The connection left after the other failed goes on: our held OPEN goes out, a parked OPEN of the peer is accepted. */
    private void release(Connection c) {
        if (!c.openHeld) return;
        if (c.parkedOpen) {
            confirm(c);
        } else {
            sendOpen(c);
        }
    }

    /** Drops a connection: close it, stop its timers, and report the end of an Established session. */
    private void remove(Connection c, DownReason reason, boolean graceful) {
        connections.remove(c);
        out.add(new Close(c.id));
        cancel(new Timer(Timer.Kind.HOLD, c.id));
        cancel(new Timer(Timer.Kind.KEEPALIVE, c.id));
        cancel(new Timer(Timer.Kind.SEND_HOLD, c.id));
        if (c.state == SessionState.ESTABLISHED) {
            if (reason == null) reason = new DownReason(DownReason.Kind.CONNECTION_CLOSED, null, "connection replaced", clock.getAsLong());
            int restartTime = graceful ? c.negotiated.peerGracefulRestart().restartTimeSeconds() : 0;
            out.add(new SessionDown(reason, graceful, restartTime));
            log.info("peer {}: session down: {}{}", settings.name(), reason.describe(), graceful ? " (graceful restart, routes kept)" : "");
        }
    }

    /** connect-retry x 2^(n-1), capped, with §10 jitter. */
    private long backoffMillis(int failures) {
        long base = settings.connectRetryTime() * 1000L;
        long cap = settings.maxBackoffTime() * 1000L;
        long d = base << Math.min(failures - 1, 20);
        return jitter(Math.min(d, cap));
    }

    private long stableMillis(Connection c) {
        return Math.max(MIN_STABLE_MILLIS, c.holdMillis);
    }

    private long sendHoldMillis(Connection c) {
        if (settings.sendHoldTime() > 0) return settings.sendHoldTime() * 1000L;
        return Math.max(480_000L, 2 * c.holdMillis);
    }

    /** RFC 4271 §10: timers are jittered by a random factor in 0.75..1.0 so peers do not synchronise. */
    private long jitter(long millis) {
        return (long) (millis * (0.75 + 0.25 * random.nextDouble()));
    }

    private void cancel(Timer t) { out.add(new CancelTimer(t)); }

    private Connection find(long id) {
        for (int i = 0; i < connections.size(); i++) if (connections.get(i).id == id) return connections.get(i);
        return null;
    }

    private Connection other(Connection c) {
        for (Connection o : connections) if (o != c) return o;
        return null;
    }

    private static SessionSnapshot.MessageCounts counts(long[] a) {
        return new SessionSnapshot.MessageCounts(a[0], a[2], a[3], a[4], a[5]);
    }

    /** One TCP connection's part of the session. */
    private static final class Connection {
        final long id;
        final Direction direction;
        SessionState state = SessionState.OPEN_SENT;
        Negotiated negotiated;
        long lastReceived;
        long holdMillis;
        long keepaliveMillis;
        long establishedAt;
        boolean sendBlocked;
        /** Our OPEN is not sent yet: another connection was past OpenSent when this one came up (see connected). */
        boolean openHeld;
        /** The peer's OPEN arrived while our OPEN was held and the other connection was OpenConfirm: decided later. */
        boolean parkedOpen;
        /** We are not reading this connection's socket (back-pressure): its hold timer is held. */
        boolean readPaused;
        /** The actions of an UPDATE received while Established (see {@link #deliverOnEstablished}). */
        List<FsmAction> deliver;

        Connection(long id, Direction direction, long now) {
            this.id = id;
            this.direction = direction;
            this.lastReceived = now;
        }
    }
}
