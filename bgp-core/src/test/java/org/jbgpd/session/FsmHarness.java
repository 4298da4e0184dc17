package org.jbgpd.session;

import org.jbgpd.wire.Family;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Drives one SessionFsm with a hand-moved clock and keeps every action it asked for. */
final class FsmHarness {
    static final int LOCAL_ID = 0xC6336401;   // 198.51.100.1
    static final int HIGHER_ID = 0xC6336402;  // 198.51.100.2
    static final int LOWER_ID = 0xC0000201;   // 192.0.2.1

    long now = 1_000_000;
    final SessionFsm fsm;
    final List<FsmAction> all = new ArrayList<>();
    List<FsmAction> last = List.of();

    FsmHarness(SessionSettings settings) {
        fsm = new SessionFsm(settings, () -> now, new SplittableRandom(7));
    }

    static SessionSettings ibgp() {
        return SessionSettings.defaults("rr1", 64512, LOCAL_ID, 64512).withTimers(90, 30, 5);
    }

    List<FsmAction> on(FsmEvent e) {
        last = fsm.handle(e);
        all.addAll(last);
        return last;
    }

    static OpenCapabilities fullCaps(long as) {
        return new OpenCapabilities(true, Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), as, true, true,
                Map.of(Family.IPV4_UNICAST, AddPathMode.BOTH), new GracefulRestartInfo(false, 120, Map.of(Family.IPV4_UNICAST, true)),
                false, List.of(73));
    }

    /** A peer that also sets the RFC 8538 N bit in its graceful restart capability. */
    static OpenFields openWithNotificationGr(long as, int hold, int id) {
        OpenCapabilities c = fullCaps(as);
        OpenCapabilities n = new OpenCapabilities(c.multiprotocolPresent(), c.families(), c.fourOctetAs(), c.routeRefresh(),
                c.enhancedRouteRefresh(), c.addPath(), new GracefulRestartInfo(false, 90, Map.of(Family.IPV4_UNICAST, true), true),
                c.extendedMessage(), c.otherCodes());
        return new OpenFields(4, as > 0xffff ? OpenFields.AS_TRANS : (int) as, hold, id, n);
    }

    /** As {@link #establishOutbound} with a peer that set the N bit. */
    void establishWithNotificationGr(long conn, int peerId) {
        on(new FsmEvent.Start());
        on(new FsmEvent.Connected(conn, Direction.OUTBOUND));
        on(new FsmEvent.OpenReceived(conn, openWithNotificationGr(fsm.settings().peerAs(), 90, peerId)));
        on(new FsmEvent.KeepaliveReceived(conn));
        assertEquals(SessionState.ESTABLISHED, fsm.state());
    }

    static OpenFields open(long as, int hold, int id) {
        return new OpenFields(4, as > 0xffff ? OpenFields.AS_TRANS : (int) as, hold, id, fullCaps(as));
    }

    /** Start, dial, connect as OUTBOUND id 1, peer OPEN, KEEPALIVE: Established. */
    void establishOutbound(long conn, int peerId) {
        on(new FsmEvent.Start());
        on(new FsmEvent.Connected(conn, Direction.OUTBOUND));
        on(new FsmEvent.OpenReceived(conn, open(fsm.settings().peerAs(), 90, peerId)));
        on(new FsmEvent.KeepaliveReceived(conn));
        assertEquals(SessionState.ESTABLISHED, fsm.state());
    }

    @SuppressWarnings("unchecked")
    <T extends FsmAction> T find(Class<T> type) {
        for (FsmAction a : last) if (type.isInstance(a)) return (T) a;
        fail("no " + type.getSimpleName() + " in " + last);
        return null;
    }

    boolean has(Class<? extends FsmAction> type) {
        return last.stream().anyMatch(type::isInstance);
    }

    NotificationData sentNotification(long conn) {
        for (FsmAction a : last) if (a instanceof FsmAction.SendNotification s && s.connection() == conn) return s.notification();
        fail("no NOTIFICATION sent on " + conn + " in " + last);
        return null;
    }

    boolean closed(long conn) {
        return last.stream().anyMatch(a -> a instanceof FsmAction.Close c && c.connection() == conn);
    }

    long timerDelay(Timer.Kind kind, long conn) {
        for (FsmAction a : last) if (a instanceof FsmAction.StartTimer t && t.timer().kind() == kind && t.timer().connection() == conn) return t.delayMillis();
        fail("no " + kind + " timer started in " + last);
        return -1;
    }

    boolean startsTimer(Timer.Kind kind) {
        return last.stream().anyMatch(a -> a instanceof FsmAction.StartTimer t && t.timer().kind() == kind);
    }

    static void assertJittered(long base, long actual) {
        assertTrue(actual >= base * 3 / 4 && actual <= base, "expected " + base + " ms with 0.75..1.0 jitter, got " + actual);
    }
}
