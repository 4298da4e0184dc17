package org.jbgpd.session;

import org.jbgpd.session.FsmAction.CancelDial;
import org.jbgpd.session.FsmAction.ConfigureCodec;
import org.jbgpd.session.FsmAction.Deliver;
import org.jbgpd.session.FsmAction.Dial;
import org.jbgpd.session.FsmAction.SendKeepalive;
import org.jbgpd.session.FsmAction.SendOpen;
import org.jbgpd.session.FsmAction.SessionDown;
import org.jbgpd.session.FsmAction.SessionUp;
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
import org.jbgpd.wire.Family;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.jbgpd.session.FsmHarness.HIGHER_ID;
import static org.jbgpd.session.FsmHarness.LOCAL_ID;
import static org.jbgpd.session.FsmHarness.LOWER_ID;
import static org.jbgpd.session.FsmHarness.assertJittered;
import static org.jbgpd.session.FsmHarness.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionFsmTest {

    private final FsmHarness h = new FsmHarness(FsmHarness.ibgp());

    @Test
    void startDialsAndArmsJitteredConnectRetry() {
        h.on(new Start());
        assertEquals(SessionState.CONNECT, h.fsm.state());
        assertTrue(h.has(Dial.class));
        assertJittered(5000, h.timerDelay(Timer.Kind.CONNECT_RETRY, Timer.NONE));
    }

    @Test
    void passivePeerWaitsInActiveWithoutDialling() {
        FsmHarness p = new FsmHarness(FsmHarness.ibgp().withPassive(true));
        p.on(new Start());
        assertEquals(SessionState.ACTIVE, p.fsm.state());
        assertFalse(p.has(Dial.class));
        p.on(new Connected(9, Direction.INBOUND));
        assertEquals(SessionState.OPEN_SENT, p.fsm.state());
    }

    @Test
    void failedDialWaitsInActiveThenRetries() {
        h.on(new Start());
        h.on(new ConnectFailed("connection refused"));
        assertEquals(SessionState.ACTIVE, h.fsm.state());
        assertEquals(DownReason.Kind.CONNECT_FAILED, h.fsm.lastError().kind());
        h.on(new TimerFired(Timer.peer(Timer.Kind.CONNECT_RETRY)));
        assertEquals(SessionState.CONNECT, h.fsm.state());
        assertTrue(h.has(Dial.class));
    }

    @Test
    void dialThatTimesOutIsCancelledAndRetried() {
        h.on(new Start());
        h.on(new TimerFired(Timer.peer(Timer.Kind.CONNECT_RETRY)));
        assertTrue(h.has(CancelDial.class));
        assertTrue(h.has(Dial.class));
    }

    @Test
    void connectSendsOurOpenWithCapabilitiesAndALargeHoldTimer() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        assertEquals(SessionState.OPEN_SENT, h.fsm.state());
        OpenFields o = h.find(SendOpen.class).open();
        assertEquals(4, o.version());
        assertEquals(64512, o.myAs());
        assertEquals(90, o.holdTime());
        assertEquals(LOCAL_ID, o.bgpIdentifier());
        assertEquals(64512, o.capabilities().fourOctetAs());
        assertEquals(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), o.capabilities().families());
        assertTrue(o.capabilities().routeRefresh() && o.capabilities().enhancedRouteRefresh());
        assertEquals(AddPathMode.RECEIVE, o.capabilities().addPath().get(Family.IPV4_UNICAST));
        assertEquals(120, o.capabilities().gracefulRestart().restartTimeSeconds());
        assertEquals(SessionFsm.OPEN_HOLD_MILLIS, h.timerDelay(Timer.Kind.HOLD, 1));
    }

    @Test
    void fourOctetLocalAsSendsAsTransInTheSixteenBitField() {
        FsmHarness f = new FsmHarness(SessionSettings.defaults("x", 4200000001L, LOCAL_ID, 65001));
        f.on(new Start());
        f.on(new Connected(1, Direction.OUTBOUND));
        OpenFields o = f.find(SendOpen.class).open();
        assertEquals(OpenFields.AS_TRANS, o.myAs());
        assertEquals(4200000001L, o.capabilities().fourOctetAs());
    }

    @Test
    void validOpenConfirmsAndKeepaliveEstablishes() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new OpenReceived(1, open(64512, 30, HIGHER_ID)));
        assertEquals(SessionState.OPEN_CONFIRM, h.fsm.state());
        Negotiated n = h.find(ConfigureCodec.class).negotiated();
        assertEquals(30, n.holdTimeSeconds());
        assertEquals(10, n.keepaliveTimeSeconds());
        assertTrue(h.has(SendKeepalive.class));
        assertEquals(30_000, h.timerDelay(Timer.Kind.HOLD, 1));
        assertJittered(10_000, h.timerDelay(Timer.Kind.KEEPALIVE, 1));
        h.on(new KeepaliveReceived(1));
        assertEquals(SessionState.ESTABLISHED, h.fsm.state());
        assertEquals(n, h.find(SessionUp.class).negotiated());
        assertEquals(1, h.fsm.snapshot().establishedTransitions());
    }

    @Test
    void configuredKeepaliveIsAnUpperBound() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new OpenReceived(1, open(64512, 180, HIGHER_ID)));
        Negotiated n = h.find(ConfigureCodec.class).negotiated();
        assertEquals(90, n.holdTimeSeconds());
        assertEquals(30, n.keepaliveTimeSeconds());
    }

    @Test
    void holdTimeZeroMeansNoKeepalivesAndNoHoldTimer() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new OpenReceived(1, open(64512, 0, HIGHER_ID)));
        assertEquals(0, h.find(ConfigureCodec.class).negotiated().holdTimeSeconds());
        assertFalse(h.startsTimer(Timer.Kind.KEEPALIVE));
        assertFalse(h.startsTimer(Timer.Kind.HOLD));
        h.on(new KeepaliveReceived(1));
        h.now += 10_000_000;
        h.on(new TimerFired(new Timer(Timer.Kind.HOLD, 1)));
        h.on(new TimerFired(new Timer(Timer.Kind.KEEPALIVE, 1)));
        assertEquals(SessionState.ESTABLISHED, h.fsm.state());
        assertTrue(h.last.isEmpty(), "nothing to do with hold time 0: " + h.last);
    }

    @Test
    void holdTimeOneOrTwoIsRejectedWith2_6() {
        for (int hold : new int[] {1, 2}) {
            FsmHarness f = new FsmHarness(FsmHarness.ibgp());
            f.on(new Start());
            f.on(new Connected(1, Direction.OUTBOUND));
            f.on(new OpenReceived(1, open(64512, hold, HIGHER_ID)));
            assertEquals(NotificationData.of(2, 6), f.sentNotification(1));
            assertTrue(f.closed(1));
            assertNotNull(f.fsm.lastError());
        }
    }

    @Test
    void wrongVersionGets2_1WithOurVersion() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new OpenReceived(1, new OpenFields(3, 64512, 90, HIGHER_ID, OpenCapabilities.none())));
        NotificationData n = h.sentNotification(1);
        assertEquals(2, n.code());
        assertEquals(1, n.subcode());
        assertArrayEquals(new byte[] {0, 4}, n.data());
    }

    @Test
    void wrongPeerAsGets2_2() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new OpenReceived(1, open(64513, 90, HIGHER_ID)));
        assertEquals(NotificationData.of(2, 2), h.sentNotification(1));
    }

    @Test
    void fourOctetPeerAsComesFromTheCapability() {
        FsmHarness f = new FsmHarness(SessionSettings.defaults("x", 64512, LOCAL_ID, 4200000001L));
        f.on(new Start());
        f.on(new Connected(1, Direction.OUTBOUND));
        f.on(new OpenReceived(1, open(4200000001L, 90, HIGHER_ID)));
        assertEquals(SessionState.OPEN_CONFIRM, f.fsm.state());
        assertEquals(4200000001L, f.find(ConfigureCodec.class).negotiated().peerAs());
    }

    @Test
    void zeroIdentifierAndOurOwnOnIbgpGet2_3() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new OpenReceived(1, open(64512, 90, 0)));
        assertEquals(NotificationData.of(2, 3), h.sentNotification(1));

        FsmHarness f = new FsmHarness(FsmHarness.ibgp());
        f.on(new Start());
        f.on(new Connected(1, Direction.OUTBOUND));
        f.on(new OpenReceived(1, open(64512, 90, LOCAL_ID)));
        assertEquals(NotificationData.of(2, 3), f.sentNotification(1));
    }

    @Test
    void ourOwnIdentifierIsFineOnEbgp() {
        FsmHarness f = new FsmHarness(SessionSettings.defaults("x", 64512, LOCAL_ID, 65001));
        f.on(new Start());
        f.on(new Connected(1, Direction.OUTBOUND));
        f.on(new OpenReceived(1, open(65001, 90, LOCAL_ID)));
        assertEquals(SessionState.OPEN_CONFIRM, f.fsm.state());
    }

    @Test
    void unexpectedMessagesGetTheFsmErrorOfTheirState() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new UpdateReceived(1));
        assertEquals(NotificationData.of(5, 1), h.sentNotification(1));

        FsmHarness f = new FsmHarness(FsmHarness.ibgp());
        f.on(new Start());
        f.on(new Connected(1, Direction.OUTBOUND));
        f.on(new OpenReceived(1, open(64512, 90, HIGHER_ID)));
        f.on(new UpdateReceived(1));
        assertEquals(NotificationData.of(5, 2), f.sentNotification(1));

        FsmHarness g = new FsmHarness(FsmHarness.ibgp());
        g.establishOutbound(1, HIGHER_ID);
        g.on(new OpenReceived(1, open(64512, 90, HIGHER_ID)));
        assertEquals(NotificationData.of(5, 3), g.sentNotification(1));
        assertFalse(g.find(SessionDown.class).graceful());
    }

    @Test
    void keepaliveInOpenSentIs5_1() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new KeepaliveReceived(1));
        assertEquals(NotificationData.of(5, 1), h.sentNotification(1));
    }

    @Test
    void updatesAndRefreshesAreDeliveredOnlyWhenEstablished() {
        h.establishOutbound(1, HIGHER_ID);
        h.on(new UpdateReceived(1));
        assertEquals(List.of(new Deliver(1)), h.last);
        h.on(new RouteRefreshReceived(1));
        assertEquals(List.of(new Deliver(1)), h.last);
        assertEquals(1, h.fsm.snapshot().received().update());
    }

    @Test
    void holdTimerIsADeadlineFromTheLastMessage() {
        h.establishOutbound(1, HIGHER_ID);
        h.now += 60_000;
        h.on(new UpdateReceived(1));
        h.now += 30_000; // 90 s after the OPEN, 30 s after the last message
        h.on(new TimerFired(new Timer(Timer.Kind.HOLD, 1)));
        assertEquals(60_000, h.timerDelay(Timer.Kind.HOLD, 1));
        assertEquals(SessionState.ESTABLISHED, h.fsm.state());
        h.now += 60_000;
        h.on(new TimerFired(new Timer(Timer.Kind.HOLD, 1)));
        assertEquals(NotificationData.of(4, 0), h.sentNotification(1));
        SessionDown down = h.find(SessionDown.class);
        assertEquals(DownReason.Kind.NOTIFICATION_SENT, down.reason().kind());
        assertFalse(down.graceful(), "a NOTIFICATION ends graceful restart (RFC 4724)");
    }

    @Test
    void holdTimerIsHeldWhileWePauseReadingAndRestartsOnResume() {
        h.establishOutbound(1, HIGHER_ID);
        h.on(new FsmEvent.ReadingPaused(1, true));
        h.now += 300_000; // far past the 90 s hold time: the peer's KEEPALIVEs wait unread in our socket
        h.on(new TimerFired(new Timer(Timer.Kind.HOLD, 1)));
        assertEquals(SessionState.ESTABLISHED, h.fsm.state(), "our own pause is not the peer's silence");
        assertEquals(90_000, h.timerDelay(Timer.Kind.HOLD, 1));
        h.now += 90_000;
        h.on(new FsmEvent.ReadingPaused(1, false));
        h.now += 89_000;
        h.on(new TimerFired(new Timer(Timer.Kind.HOLD, 1)));
        assertEquals(SessionState.ESTABLISHED, h.fsm.state(), "the full hold time again from the resume");
        assertEquals(1_000, h.timerDelay(Timer.Kind.HOLD, 1));
        h.now += 1_000;
        h.on(new TimerFired(new Timer(Timer.Kind.HOLD, 1)));
        assertEquals(NotificationData.of(4, 0), h.sentNotification(1), "a peer silent for a hold time after the resume is dropped");
    }

    @Test
    void keepaliveTimerSendsAndRearms() {
        h.establishOutbound(1, HIGHER_ID);
        h.on(new TimerFired(new Timer(Timer.Kind.KEEPALIVE, 1)));
        assertTrue(h.has(SendKeepalive.class));
        assertJittered(30_000, h.timerDelay(Timer.Kind.KEEPALIVE, 1));
    }

    @Test
    void tcpLossOfAGracefulRestartSessionKeepsRoutes() {
        h.establishOutbound(1, HIGHER_ID);
        h.on(new Closed(1, "connection reset by peer"));
        SessionDown down = h.find(SessionDown.class);
        assertTrue(down.graceful());
        assertEquals(120, down.restartTimeSeconds());
        assertEquals("connection reset by peer", down.reason().text());
    }

    @Test
    void withoutLocalGracefulRestartTcpLossWithdraws() {
        FsmHarness f = new FsmHarness(FsmHarness.ibgp().withGracefulRestart(false));
        f.establishOutbound(1, HIGHER_ID);
        f.on(new Closed(1, "eof"));
        assertFalse(f.find(SessionDown.class).graceful());
    }

    @Test
    void receivedNotificationIsTheDownReason() {
        h.establishOutbound(1, HIGHER_ID);
        NotificationData n = NotificationData.ceaseWithMessage(NotificationData.ADMIN_SHUTDOWN, "maintenance");
        h.on(new NotificationReceived(1, n));
        SessionDown down = h.find(SessionDown.class);
        assertEquals(n, down.reason().notification());
        assertEquals(DownReason.Kind.NOTIFICATION_RECEIVED, down.reason().kind());
        assertTrue(down.reason().describe().contains("\"maintenance\""), down.reason().describe());
        assertTrue(h.closed(1));
        assertEquals(n, h.fsm.snapshot().lastError().notification());
    }

    @Test
    void malformedMessageSendsTheCodecsNotification() {
        h.establishOutbound(1, HIGHER_ID);
        NotificationData n = NotificationData.of(3, 1);
        h.on(new DecodeFailed(1, n));
        assertEquals(n, h.sentNotification(1));
        assertTrue(h.has(SessionDown.class));
    }

    @Test
    void adminShutdownSendsCeaseWithMessageAndStaysDown() {
        h.establishOutbound(1, HIGHER_ID);
        NotificationData n = NotificationData.ceaseWithMessage(NotificationData.ADMIN_SHUTDOWN, "moving to new rack");
        h.on(new Stop(n, "administratively shut down", false));
        assertEquals(n, h.sentNotification(1));
        assertTrue(h.closed(1));
        assertTrue(h.has(SessionDown.class));
        assertEquals(SessionState.IDLE, h.fsm.state());
        assertFalse(h.fsm.enabled());
        h.on(new TimerFired(Timer.peer(Timer.Kind.CONNECT_RETRY)));
        h.on(new TimerFired(Timer.peer(Timer.Kind.IDLE_HOLD)));
        assertFalse(h.has(Dial.class));
        h.on(new Connected(5, Direction.INBOUND));
        assertEquals(List.of(new FsmAction.Close(5)), h.last, "refused while shut down");
        h.on(new Start());
        assertTrue(h.has(Dial.class));
    }

    @Test
    void maxPrefixesSendsCease6_1WithTheLimitAndBacksOff() {
        h.establishOutbound(1, HIGHER_ID);
        h.now += 200_000; // a stable session: the abort still counts as an error
        h.on(new FsmEvent.Abort(NotificationData.maxPrefixes(Family.IPV4_UNICAST, 1000), "too many prefixes"));
        NotificationData n = h.sentNotification(1);
        assertArrayEquals(new byte[] {0, 1, 1, 0, 0, 0x03, (byte) 0xe8}, n.data());
        assertEquals("6/1 Cease, Maximum Number of Prefixes Reached (data 00010100000" + "3e8)", n.describe());
        assertTrue(h.has(SessionDown.class));
        assertJittered(5000, h.timerDelay(Timer.Kind.IDLE_HOLD, Timer.NONE));
    }

    @Test
    void adminResetComesBackAfterConnectRetry() {
        h.establishOutbound(1, HIGHER_ID);
        h.on(new Stop(NotificationData.ceaseWithMessage(NotificationData.ADMIN_RESET, "policy changed"), "reset", true));
        assertJittered(5000, h.timerDelay(Timer.Kind.IDLE_HOLD, Timer.NONE));
        h.on(new TimerFired(Timer.peer(Timer.Kind.IDLE_HOLD)));
        assertTrue(h.has(Dial.class));
    }

    @Test
    void errorsBackOffExponentiallyUpToTheCap() {
        h.on(new Start());
        long[] expected = {5000, 10_000, 20_000, 40_000, 80_000, 120_000, 120_000};
        for (int i = 0; i < expected.length; i++) {
            h.on(new Connected(i + 1, Direction.OUTBOUND));
            h.on(new OpenReceived(i + 1, open(64513, 90, HIGHER_ID))); // wrong AS: 2/2 each time
            assertJittered(expected[i], h.timerDelay(Timer.Kind.IDLE_HOLD, Timer.NONE));
            assertEquals(SessionState.IDLE, h.fsm.state());
            h.on(new TimerFired(Timer.peer(Timer.Kind.IDLE_HOLD)));
            assertTrue(h.has(Dial.class));
        }
    }

    @Test
    void aSessionThatStayedUpResetsTheBackoffAndRedialsAtOnce() {
        h.on(new Start());
        for (int i = 1; i <= 3; i++) { // three quick failures
            h.on(new Connected(i, Direction.OUTBOUND));
            h.on(new NotificationReceived(i, NotificationData.of(6, 5)));
            h.on(new TimerFired(Timer.peer(Timer.Kind.IDLE_HOLD)));
        }
        h.on(new Connected(10, Direction.OUTBOUND));
        h.on(new OpenReceived(10, open(64512, 90, HIGHER_ID)));
        h.on(new KeepaliveReceived(10));
        h.now += 100_000; // longer than the 90 s hold time
        h.on(new UpdateReceived(10));
        h.on(new Closed(10, "peer restarted"));
        assertTrue(h.has(Dial.class), "a stable session that drops is redialled at once: " + h.last);
        assertFalse(h.startsTimer(Timer.Kind.IDLE_HOLD));
    }

    @Test
    void collisionKeepsOurConnectionWhenOurIdentifierIsHigher() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new Connected(2, Direction.INBOUND));
        assertEquals(2, h.fsm.connectionCount());
        h.on(new OpenReceived(2, open(64512, 90, LOWER_ID)));
        assertClosedWithCollisionCease(h, 2);
        assertTrue(h.closed(2));
        assertEquals(1, h.fsm.connectionCount());
        h.on(new OpenReceived(1, open(64512, 90, LOWER_ID)));
        h.on(new KeepaliveReceived(1));
        assertEquals(1, h.fsm.establishedConnection());
    }

    @Test
    void collisionKeepsThePeersConnectionWhenItsIdentifierIsHigher() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new Connected(2, Direction.INBOUND));
        assertTrue(h.has(SendOpen.class), "both connections are OpenSent: ours goes out on the second one too");
        h.on(new OpenReceived(2, open(64512, 90, HIGHER_ID)));
        assertClosedWithCollisionCease(h, 1);
        assertFalse(h.has(SessionDown.class), "the loser never was Established");
        h.on(new OpenReceived(1, open(64512, 90, HIGHER_ID))); // already closed: ignored
        h.on(new KeepaliveReceived(2));
        assertEquals(2, h.fsm.establishedConnection());
        assertEquals(1, h.fsm.connectionCount());
    }

    @Test
    void equalIdentifiersFallBackToTheHigherAs() {
        FsmHarness f = new FsmHarness(SessionSettings.defaults("x", 65002, LOCAL_ID, 65001));
        f.on(new Start());
        f.on(new Connected(1, Direction.OUTBOUND));
        f.on(new Connected(2, Direction.INBOUND));
        f.on(new OpenReceived(2, open(65001, 90, LOCAL_ID)));
        assertClosedWithCollisionCease(f, 2); // our AS is higher: ours survives
    }

    @Test
    void aStrayConnectionNeverReplacesAnEstablishedSession() {
        FsmHarness f = new FsmHarness(FsmHarness.ibgp().withGracefulRestart(false));
        f.establishOutbound(1, LOWER_ID);
        f.on(new Connected(2, Direction.INBOUND));
        f.on(new OpenReceived(2, open(64512, 90, LOWER_ID)));
        assertClosedWithCollisionCease(f, 2);
        assertFalse(f.has(SessionDown.class));
        assertEquals(1, f.fsm.establishedConnection());
    }

    /**
     * The race of ADR 0050/0097, replayed: we are Established on our connection, the peer (BIRD 2) is still OpenConfirm
     * on it and its own dial reaches us. Had our OPEN gone out on that second connection, BIRD would resolve the
     * collision by identifier (its connection wins) and close the one we are Established on with 6/7: a down and a
     * second Established. Our OPEN is held, so the peer never has two connections to choose from.
     */
    @Test
    void aConnectionArrivingWhileEstablishedNeverGetsOurOpenSoThePeerCannotPickIt() {
        h.establishOutbound(1, HIGHER_ID); // the peer's identifier is higher: by §6.8 alone its connection would win
        h.on(new Connected(2, Direction.INBOUND));
        assertFalse(h.has(SendOpen.class), "our OPEN on the second connection is what makes BIRD close the first: " + h.last);
        h.on(new OpenReceived(2, open(64512, 90, HIGHER_ID)));
        assertClosedWithCollisionCease(h, 2);
        assertFalse(h.has(SendOpen.class));
        assertFalse(h.closed(1));
        h.on(new NotificationReceived(2, NotificationData.cease(7))); // crossing on the wire: connection 2 is gone already
        assertFalse(h.all.stream().anyMatch(SessionDown.class::isInstance), h.all.toString());
        assertEquals(1, h.fsm.establishedConnection());
        assertEquals(1, h.fsm.snapshot().establishedTransitions());
        assertNull(h.fsm.lastError());
    }

    @Test
    void aConnectionArrivingInOpenConfirmWaitsUntilTheOtherIsEstablishedAndIsThenClosed() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new OpenReceived(1, open(64512, 90, HIGHER_ID)));
        assertEquals(SessionState.OPEN_CONFIRM, h.fsm.state());
        h.on(new Connected(2, Direction.INBOUND));
        assertFalse(h.has(SendOpen.class), h.last.toString());
        h.on(new OpenReceived(2, open(64512, 90, HIGHER_ID)));
        assertTrue(h.last.stream().noneMatch(a -> a instanceof FsmAction.SendNotification || a instanceof FsmAction.Close
                || a instanceof SendKeepalive || a instanceof SendOpen), "nothing decided while the first is OpenConfirm: " + h.last);
        h.on(new KeepaliveReceived(1));
        assertEquals(1, h.fsm.establishedConnection());
        assertClosedWithCollisionCease(h, 2);
        assertEquals(1, h.fsm.connectionCount());
        assertEquals(1, h.fsm.snapshot().establishedTransitions());
    }

    @Test
    void aParkedConnectionGoesOnWhenTheOtherFailsInOpenConfirm() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new OpenReceived(1, open(64512, 90, HIGHER_ID)));
        h.on(new Connected(2, Direction.INBOUND));
        h.on(new OpenReceived(2, open(64512, 90, HIGHER_ID)));
        h.now += 60_000; // parked a while: its hold time starts when it goes on, not when its OPEN arrived
        h.on(new Closed(1, "connection reset"));
        List<FsmAction> order = h.last.stream().filter(a -> a instanceof SendOpen || a instanceof SendKeepalive).toList();
        assertEquals(2, order.size(), h.last.toString());
        assertEquals(2, ((SendOpen) order.get(0)).connection(), "our held OPEN first");
        assertEquals(2, ((SendKeepalive) order.get(1)).connection());
        assertFalse(h.has(SessionDown.class), "connection 1 never was Established");
        assertFalse(h.has(Dial.class));
        h.now += 45_000;
        h.on(new TimerFired(new Timer(Timer.Kind.HOLD, 2)));
        assertFalse(h.closed(2), "hold timer from the release, not from the parked OPEN: " + h.last);
        h.on(new KeepaliveReceived(2));
        assertEquals(2, h.fsm.establishedConnection());
    }

    @Test
    void aHeldConnectionSendsOurOpenWhenTheEstablishedOneDrops() {
        h.establishOutbound(1, HIGHER_ID);
        h.on(new Connected(2, Direction.INBOUND));
        h.on(new Closed(1, "eof"));
        assertTrue(h.has(SessionDown.class));
        assertEquals(2, h.find(SendOpen.class).connection());
        h.on(new OpenReceived(2, open(64512, 90, HIGHER_ID)));
        h.on(new KeepaliveReceived(2));
        assertEquals(2, h.fsm.establishedConnection());
    }

    @Test
    void aHeldConnectionThatNeverSendsItsOpenIsClosedWithoutBlamingTheSession() {
        h.establishOutbound(1, HIGHER_ID);
        h.on(new Connected(2, Direction.INBOUND));
        h.now += SessionFsm.OPEN_HOLD_MILLIS;
        h.on(new UpdateReceived(1));
        h.on(new TimerFired(new Timer(Timer.Kind.HOLD, 2)));
        assertClosedWithCollisionCease(h, 2);
        assertNull(h.fsm.lastError(), "the session itself is fine");
        assertEquals(1, h.fsm.establishedConnection());
    }

    @Test
    void aSecondConnectionThePeerClosesBesideTheEstablishedSessionIsNotItsLastError() {
        h.establishOutbound(1, HIGHER_ID);
        h.on(new Connected(2, Direction.INBOUND));
        h.on(new Closed(2, "connection reset by peer"));
        assertTrue(h.closed(2));
        assertNull(h.fsm.lastError(), "the session never dropped");
        assertEquals(1, h.fsm.establishedConnection());
        h.on(new Closed(1, "eof"));
        assertEquals("eof", h.fsm.lastError().text(), "the session's own end still is");
    }

    @Test
    void aSecondOpenOnAParkedConnectionIsAnFsmError() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new OpenReceived(1, open(64512, 90, HIGHER_ID)));
        h.on(new Connected(2, Direction.INBOUND));
        h.on(new OpenReceived(2, open(64512, 90, HIGHER_ID)));
        h.on(new OpenReceived(2, open(64512, 90, HIGHER_ID)));
        assertEquals(NotificationData.of(NotificationData.FSM_ERROR, NotificationData.UNEXPECTED_IN_OPEN_SENT), h.sentNotification(2));
        assertTrue(h.closed(2));
        assertFalse(h.closed(1));
    }

    @Test
    void anEstablishedSessionOlderThanItsHoldTimeRefusesEveryCollision() {
        h.establishOutbound(1, HIGHER_ID);
        h.now += 91_000;
        h.on(new UpdateReceived(1));
        h.on(new Connected(2, Direction.INBOUND));
        h.on(new OpenReceived(2, open(64512, 90, HIGHER_ID)));
        assertClosedWithCollisionCease(h, 2);
        assertEquals(1, h.fsm.establishedConnection());
    }

    @Test
    void aGracefulRestartCapableCollisionStillNeverReplacesAnEstablishedSession() {
        h.establishOutbound(1, LOWER_ID);
        h.on(new Connected(2, Direction.INBOUND));
        h.on(new OpenReceived(2, open(64512, 90, LOWER_ID))); // GR capability, but the Restart State bit is clear
        assertClosedWithCollisionCease(h, 2);
        assertFalse(h.has(SessionDown.class));
        assertEquals(1, h.fsm.establishedConnection());
    }

    @Test
    void aRestartedPeerReplacesTheOldSessionGracefullyOnceItConfirmsTheNewConnection() {
        h.establishOutbound(1, LOWER_ID);
        h.on(new Connected(2, Direction.INBOUND));
        h.on(new OpenReceived(2, restartingOpen()));
        assertTrue(h.last.stream().anyMatch(a -> a instanceof SendOpen o && o.connection() == 2), "our OPEN goes out on it: " + h.last);
        assertTrue(h.last.stream().anyMatch(a -> a instanceof SendKeepalive k && k.connection() == 2), h.last.toString());
        assertFalse(h.has(SessionDown.class), "the R bit alone does not end the session: " + h.last);
        assertEquals(1, h.fsm.establishedConnection());
        h.on(new KeepaliveReceived(2));
        SessionDown down = h.find(SessionDown.class);
        assertTrue(down.graceful());
        assertTrue(h.closed(1));
        assertTrue(h.last.indexOf(down) < h.last.indexOf(h.find(SessionUp.class)), "the old session ends before the new one starts: " + h.last);
        assertEquals(2, h.fsm.establishedConnection());
        assertEquals("peer restarted (graceful restart)", h.fsm.lastError().text());
    }

    @Test
    void aJustStartedPeerWhoseDialArrivesAfterTheSessionIsUpKeepsTheSession() {
        // FRR sets the R bit for its first restart time; its own dial, sent before our session was up on its side,
        // brings an OPEN with it. FRR then refuses our OPEN there (6/7, Established on the other connection).
        h.establishOutbound(1, LOWER_ID);
        h.on(new Connected(2, Direction.INBOUND));
        h.on(new OpenReceived(2, restartingOpen()));
        h.on(new NotificationReceived(2, NotificationData.cease(NotificationData.CONNECTION_COLLISION)));
        assertTrue(h.closed(2));
        assertFalse(h.all.stream().anyMatch(a -> a instanceof SessionDown), "never down: " + h.all);
        assertEquals(1, h.fsm.establishedConnection());
        assertNull(h.fsm.lastError(), "a dial that ends beside the session is not its error");
        assertEquals(1, h.fsm.snapshot().establishedTransitions());
    }

    @Test
    void aRestartCandidateThatClosesWithoutAWordLeavesTheSessionAlone() {
        h.establishOutbound(1, LOWER_ID);
        h.on(new Connected(2, Direction.INBOUND));
        h.on(new OpenReceived(2, restartingOpen()));
        h.on(new Closed(2, "connection reset"));
        assertFalse(h.all.stream().anyMatch(a -> a instanceof SessionDown), "never down: " + h.all);
        assertEquals(1, h.fsm.establishedConnection());
        h.on(new KeepaliveReceived(1));
        assertEquals(SessionState.ESTABLISHED, h.fsm.state());
    }

    /** An OPEN whose graceful restart capability has the Restart State bit set. */
    private static OpenFields restartingOpen() {
        OpenCapabilities restarted = new OpenCapabilities(true, Set.of(Family.IPV4_UNICAST), 64512, true, true, Map.of(),
                new GracefulRestartInfo(true, 120, Map.of(Family.IPV4_UNICAST, true)), false, List.of());
        return new OpenFields(4, 64512, 90, LOWER_ID, restarted);
    }

    @Test
    void inboundWhileDiallingCancelsTheDial() {
        h.on(new Start());
        h.on(new Connected(2, Direction.INBOUND));
        assertTrue(h.has(CancelDial.class));
        h.on(new Connected(3, Direction.OUTBOUND)); // the cancelled dial completed anyway
        assertTrue(h.closed(3));
        assertEquals(1, h.fsm.connectionCount());
    }

    @Test
    void sendHoldTimerClosesAPeerThatStopsReading() {
        h.establishOutbound(1, HIGHER_ID);
        h.on(new WritabilityChanged(1, false));
        assertEquals(480_000, h.timerDelay(Timer.Kind.SEND_HOLD, 1));
        h.on(new WritabilityChanged(1, true));
        h.on(new TimerFired(new Timer(Timer.Kind.SEND_HOLD, 1)));
        assertEquals(SessionState.ESTABLISHED, h.fsm.state(), "drained in time");
        h.on(new WritabilityChanged(1, false));
        h.on(new TimerFired(new Timer(Timer.Kind.SEND_HOLD, 1)));
        assertEquals(NotificationData.of(8, 0), h.sentNotification(1));
        assertTrue(h.has(SessionDown.class));
    }

    @Test
    void negotiationIntersectsFamiliesAndAddPath() {
        FsmHarness f = new FsmHarness(FsmHarness.ibgp());
        f.on(new Start());
        f.on(new Connected(1, Direction.OUTBOUND));
        OpenCapabilities v4only = new OpenCapabilities(true, Set.of(Family.IPV4_UNICAST), 64512, true, false,
                Map.of(Family.IPV4_UNICAST, AddPathMode.SEND, Family.IPV6_UNICAST, AddPathMode.SEND), null, false, List.of());
        f.on(new OpenReceived(1, new OpenFields(4, 64512, 90, HIGHER_ID, v4only)));
        Negotiated n = f.find(ConfigureCodec.class).negotiated();
        assertEquals(Set.of(Family.IPV4_UNICAST), n.families());
        assertEquals(Set.of(Family.IPV4_UNICAST), n.addPathReceive());
        assertTrue(n.fourOctetAs());
        assertTrue(n.routeRefresh());
        assertFalse(n.enhancedRouteRefresh());
        assertNull(n.peerGracefulRestart());
    }

    @Test
    void aPeerWithoutCapabilitiesSpeaksIpv4UnicastWithTwoOctetAs() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        h.on(new OpenReceived(1, new OpenFields(4, 64512, 90, HIGHER_ID, OpenCapabilities.none())));
        Negotiated n = h.find(ConfigureCodec.class).negotiated();
        assertEquals(Set.of(Family.IPV4_UNICAST), n.families());
        assertFalse(n.fourOctetAs());
        assertTrue(n.addPathReceive().isEmpty());
    }

    @Test
    void aNewerInboundConnectionReplacesOneStillInOpenSent() {
        FsmHarness p = new FsmHarness(FsmHarness.ibgp().withPassive(true));
        p.on(new Start());
        p.on(new Connected(1, Direction.INBOUND));
        p.on(new Connected(2, Direction.INBOUND));
        assertTrue(p.closed(1));
        assertEquals(1, p.fsm.connectionCount());
    }

    @Test
    void aPassivePeerReturnsToActiveAfterItsSessionEnds() {
        FsmHarness p = new FsmHarness(FsmHarness.ibgp().withPassive(true));
        p.on(new Start());
        p.on(new Connected(1, Direction.INBOUND));
        p.on(new Closed(1, "eof"));
        p.on(new TimerFired(Timer.peer(Timer.Kind.IDLE_HOLD)));
        assertEquals(SessionState.ACTIVE, p.fsm.state());
        assertTrue(p.fsm.quiescent());
    }

    /** Collision losers are closed with a FIN only (see SessionFsm.dropLoser: BIRD 1.6 stops the protocol on any 6/7). */
    @Test
    void notificationsAreCountedByDirectionCodeAndSubcode() {
        h.establishOutbound(1, HIGHER_ID);
        h.on(new NotificationReceived(1, NotificationData.cease(NotificationData.ADMIN_SHUTDOWN)));
        h.on(new Connected(2, Direction.INBOUND));
        h.on(new DecodeFailed(2, NotificationData.of(1, 1)));
        h.on(new Connected(3, Direction.INBOUND));
        h.on(new DecodeFailed(3, NotificationData.of(1, 1)));
        assertEquals(List.of(new SessionSnapshot.NotificationCount(false, 6, 2, 1), new SessionSnapshot.NotificationCount(true, 1, 1, 2)),
                h.fsm.snapshot().notifications());
        assertEquals(2, h.fsm.snapshot().sent().notification());
    }

    @Test
    void afterAPlannedRestartTheFirstOpensCarryRestartStateAndForwardingPreserved() {
        FsmHarness f = new FsmHarness(FsmHarness.ibgp().withRestarting(true));
        f.on(new Start());
        f.on(new Connected(1, Direction.OUTBOUND));
        GracefulRestartInfo first = f.find(SendOpen.class).open().capabilities().gracefulRestart();
        assertTrue(first.restarting(), "R bit");
        assertEquals(Map.of(Family.IPV4_UNICAST, true, Family.IPV6_UNICAST, true), first.forwardingPreserved(), "F bits");
        f.on(new OpenReceived(1, open(64512, 90, HIGHER_ID)));
        f.on(new KeepaliveReceived(1));
        f.now += 100_000;
        f.on(new Closed(1, "eof"));
        f.on(new TimerFired(Timer.peer(Timer.Kind.IDLE_HOLD)));
        f.on(new Connected(2, Direction.OUTBOUND));
        GracefulRestartInfo later = f.find(SendOpen.class).open().capabilities().gracefulRestart();
        assertFalse(later.restarting(), "only until the first Established session");
        assertFalse(later.forwardingPreserved().get(Family.IPV4_UNICAST));
        GracefulRestartInfo fresh = new OpenNegotiation(FsmHarness.ibgp()).localOpen().capabilities().gracefulRestart();
        assertFalse(fresh.restarting());
    }

    // ---- RFC 8538: notification support for graceful restart

    @Test
    void ourOpenSetsTheNotificationBitWithGracefulRestart() {
        h.on(new Start());
        h.on(new Connected(1, Direction.OUTBOUND));
        assertTrue(h.find(SendOpen.class).open().capabilities().gracefulRestart().notification());
    }

    @Test
    void withTheNBitBothWaysOurHoldTimerExpiryKeepsThePeersRoutes() {
        h.establishWithNotificationGr(1, HIGHER_ID);
        assertTrue(h.fsm.snapshot().negotiated().gracefulNotification());
        h.now += 90_000;
        h.on(new TimerFired(new Timer(Timer.Kind.HOLD, 1)));
        assertEquals(NotificationData.of(4, 0), h.sentNotification(1), "the plain 4/0 goes out, not a Hard Reset");
        SessionDown down = h.find(SessionDown.class);
        assertTrue(down.graceful(), "RFC 8538: a NOTIFICATION sent is graceful once N is exchanged");
        assertEquals(90, down.restartTimeSeconds());
    }

    @Test
    void withTheNBitAReceivedNotificationIsGracefulButAHardResetIsNot() {
        h.establishWithNotificationGr(1, HIGHER_ID);
        h.on(new NotificationReceived(1, NotificationData.cease(NotificationData.OTHER_CONFIG_CHANGE)));
        assertTrue(h.find(SessionDown.class).graceful());
        FsmHarness f = new FsmHarness(FsmHarness.ibgp());
        f.establishWithNotificationGr(1, HIGHER_ID);
        NotificationData hard = NotificationData.hardReset(NotificationData.ceaseWithMessage(NotificationData.ADMIN_SHUTDOWN, "bye"));
        f.on(new NotificationReceived(1, hard));
        SessionDown down = f.find(SessionDown.class);
        assertFalse(down.graceful(), "Hard Reset withdraws");
        assertEquals("bye", down.reason().notification().shutdownMessage());
        assertEquals("6/9 Cease, Hard Reset (6/2 Cease, Administrative Shutdown: \"bye\")", hard.describe());
    }

    @Test
    void withoutThePeersNBitANotificationStillWithdraws() {
        h.establishOutbound(1, HIGHER_ID);
        assertFalse(h.fsm.snapshot().negotiated().gracefulNotification());
        h.on(new NotificationReceived(1, NotificationData.cease(NotificationData.OTHER_CONFIG_CHANGE)));
        assertFalse(h.find(SessionDown.class).graceful());
    }

    @Test
    void withTheNBitShutdownResetAndMaxPrefixesGoOutAsHardReset() {
        NotificationData shutdown = NotificationData.ceaseWithMessage(NotificationData.ADMIN_SHUTDOWN, "rack 7");
        h.establishWithNotificationGr(1, HIGHER_ID);
        h.on(new Stop(shutdown, "administratively shut down", false));
        assertEquals(NotificationData.hardReset(shutdown), h.sentNotification(1));
        assertArrayEquals(new byte[] {6, 2, 6, 'r', 'a', 'c', 'k', ' ', '7'}, h.sentNotification(1).data());
        assertFalse(h.find(SessionDown.class).graceful());

        FsmHarness reset = new FsmHarness(FsmHarness.ibgp());
        reset.establishWithNotificationGr(1, HIGHER_ID);
        reset.on(new Stop(NotificationData.cease(NotificationData.ADMIN_RESET), "reset", true));
        assertEquals(NotificationData.hardReset(NotificationData.cease(NotificationData.ADMIN_RESET)), reset.sentNotification(1));
        assertFalse(reset.find(SessionDown.class).graceful());

        FsmHarness max = new FsmHarness(FsmHarness.ibgp());
        max.establishWithNotificationGr(1, HIGHER_ID);
        NotificationData limit = NotificationData.maxPrefixes(Family.IPV4_UNICAST, 10);
        max.on(new FsmEvent.Abort(limit, "too many"));
        assertEquals(NotificationData.hardReset(limit), max.sentNotification(1));
        assertFalse(max.find(SessionDown.class).graceful());

        FsmHarness replace = new FsmHarness(FsmHarness.ibgp());
        replace.establishWithNotificationGr(1, HIGHER_ID);
        replace.on(new Stop(NotificationData.cease(NotificationData.OTHER_CONFIG_CHANGE), "replaced", false));
        assertEquals(NotificationData.cease(NotificationData.OTHER_CONFIG_CHANGE), replace.sentNotification(1), "6/6 is not a Hard Reset case");
    }

    /** RFC 4271 §6.8: the loser of a collision is told with Cease 6/7 before it is closed. */
    private static void assertClosedWithCollisionCease(FsmHarness f, long conn) {
        assertTrue(f.closed(conn), "closed: " + f.last);
        assertEquals(NotificationData.cease(NotificationData.CONNECTION_COLLISION), f.sentNotification(conn));
    }

    private static void assertNoNotification(FsmHarness f, long conn) {
        assertTrue(f.closed(conn), "closed: " + f.last);
        assertFalse(f.last.stream().anyMatch(a -> a instanceof FsmAction.SendNotification sn && sn.connection() == conn), f.last.toString());
    }
}
