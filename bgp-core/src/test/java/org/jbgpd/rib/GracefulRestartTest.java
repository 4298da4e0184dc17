package org.jbgpd.rib;

import org.jbgpd.wire.Family;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.jbgpd.rib.RibHarness.*;
import static org.junit.jupiter.api.Assertions.*;

/** RFC 4724 helper (stale marking, replace in place, End-of-RIB sweep, timer) and restarting side (deferral). */
class GracefulRestartTest {

    private static final String RR1 = "198.51.100.11";

    private static RibPeer grPeer(Set<Family> forwarding) {
        return new RibPeer("rr1", ip(RR1), ip("198.51.100.250"), LOCAL_AS, LOCAL_AS, ip(RR1),
                Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), Set.of(),
                new GracefulRestart(120, false, Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST), forwarding), null, null, 0);
    }

    private RibHarness withRoutes() {
        RibHarness h = new RibHarness(true);
        h.up(grPeer(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)));
        h.announce(RR1, attrs("198.51.100.21").build(), "10.20.1.0/26", "10.20.2.0/26");
        h.announce(RR1, attrs("2001:db8::21").build(), "2001:db8:1::/64");
        h.rib.flush();
        return h;
    }

    @Test
    void droppedWithoutNotificationRoutesStayStaleAndInstalled() {
        RibHarness h = withRoutes();
        long ops = h.fib.operations();
        h.rib.peerDown(ip(RR1), false);
        h.rib.flush();
        assertEquals(ops, h.fib.operations(), "nothing leaves the kernel");
        assertEquals(3, h.counts(RR1).stale());
        assertTrue(h.rib.routes(pfx("10.20.1.0/26")).getFirst().paths().getFirst().stale());
    }

    @Test
    void aNotificationFlushesAtOnce() {
        RibHarness h = withRoutes();
        h.rib.peerDown(ip(RR1), true);
        h.rib.flush();
        assertEquals("", h.installed("10.20.1.0/26"));
        assertTrue(h.fib.routes().isEmpty());
    }

    @Test
    void reannouncedRoutesReplaceStaleOnesInPlace_andEndOfRibSweepsTheRest() {
        RibHarness h = withRoutes();
        h.rib.peerDown(ip(RR1), false);
        h.rib.flush();
        h.up(grPeer(Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)));
        long ops = h.fib.operations();
        h.announce(RR1, attrs("198.51.100.21").build(), "10.20.1.0/26");
        h.rib.flush();
        assertEquals(ops, h.fib.operations(), "same next hop again: no kernel operation");
        assertEquals(2, h.counts(RR1).stale());
        h.rib.endOfRib(ip(RR1), Family.IPV4_UNICAST);
        h.rib.flush();
        assertEquals("198.51.100.21", h.installed("10.20.1.0/26"));
        assertEquals("", h.installed("10.20.2.0/26"), "not re-announced before End-of-RIB: swept");
        assertEquals("2001:db8::21", h.installed("2001:db8:1::/64"), "IPv6 waits for its own End-of-RIB");
        h.rib.endOfRib(ip(RR1), Family.IPV6_UNICAST);
        h.rib.flush();
        assertEquals("", h.installed("2001:db8:1::/64"));
        assertEquals(0, h.counts(RR1).stale());
    }

    @Test
    void restartTimeOverSweepsStaleRoutesOfAPeerThatDidNotComeBack() {
        RibHarness h = withRoutes();
        h.rib.peerDown(ip(RR1), false);
        h.rib.flush();
        h.now += 119_000;
        h.rib.advanceTime();
        h.rib.flush();
        assertEquals("198.51.100.21", h.installed("10.20.1.0/26"));
        assertEquals(h.now + 1_000, h.rib.nextDeadline());
        h.now += 1_000;
        h.rib.advanceTime();
        h.rib.flush();
        assertTrue(h.fib.routes().isEmpty());
    }

    @Test
    void familiesWithoutTheForwardingBitAfterRestartAreFlushed() {
        RibHarness h = withRoutes();
        h.rib.peerDown(ip(RR1), false);
        h.rib.flush();
        h.up(grPeer(Set.of(Family.IPV4_UNICAST)));
        h.rib.flush();
        assertEquals("198.51.100.21", h.installed("10.20.1.0/26"));
        assertEquals("", h.installed("2001:db8:1::/64"));
    }

    @Test
    void peerWithoutGracefulRestartIsFlushedEvenWithoutNotification() {
        RibHarness h = new RibHarness(true);
        h.up(ibgp(RR1, RR1));
        h.announce(RR1, attrs("198.51.100.21").build(), "10.20.1.0/26");
        h.rib.flush();
        h.rib.peerDown(ip(RR1), false);
        h.rib.flush();
        assertTrue(h.fib.routes().isEmpty());
    }

    @Test
    void restartingSideDefersSelectionUntilEveryPeersEndOfRib() {
        RibHarness h = new RibHarness(new RibConfig(ROUTER_ID, null, LOCAL_AS, true, 16, 300,
                Set.of(ip(RR1), ip("198.51.100.12")), List.of()));
        h.up(grPeer(Set.of(Family.IPV4_UNICAST)));
        h.up(ibgp("198.51.100.12", "198.51.100.12"));
        h.announce(RR1, attrs("198.51.100.21").build(), "10.20.1.0/26");
        h.rib.flush();
        assertEquals(0, h.fib.batches(), "nothing installed while deferring");
        assertFalse(h.sent.stream().anyMatch(s -> s.contains("eor")), "no End-of-RIB sent before our table is ready");
        h.rib.endOfRib(ip(RR1), Family.IPV4_UNICAST);
        h.rib.endOfRib(ip(RR1), Family.IPV6_UNICAST);
        h.rib.flush();
        assertEquals(0, h.fib.batches(), "the second peer has not finished");
        h.rib.endOfRib(ip("198.51.100.12"), Family.IPV4_UNICAST);
        h.rib.endOfRib(ip("198.51.100.12"), Family.IPV6_UNICAST);
        assertEquals("198.51.100.21", h.installed("10.20.1.0/26"));
        assertTrue(h.fib.initialSyncEnded());
        assertTrue(h.sent.contains("198.51.100.12 eor ipv4"));
    }

    @Test
    void deferralTimerEndsTheWait() {
        RibHarness h = new RibHarness(new RibConfig(ROUTER_ID, null, LOCAL_AS, true, 16, 300, Set.of(ip(RR1)), List.of()));
        h.up(grPeer(Set.of(Family.IPV4_UNICAST)));
        h.announce(RR1, attrs("198.51.100.21").build(), "10.20.1.0/26");
        h.rib.flush();
        assertEquals("", h.installed("10.20.1.0/26"));
        h.now += 300_000;
        h.rib.advanceTime();
        assertEquals("198.51.100.21", h.installed("10.20.1.0/26"));
        assertTrue(h.fib.initialSyncEnded());
    }

    @Test
    void aNormalStartWithNobodyToWaitForEndsTheInitialSyncWithItsFirstBatch() {
        RibHarness h = new RibHarness(true);
        h.up(ibgp("198.51.100.21", "198.51.100.21"));
        h.announce("198.51.100.21", attrs("198.51.100.21").build(), "10.20.1.0/26");
        h.rib.flush();
        assertEquals("198.51.100.21", h.installed("10.20.1.0/26"));
        assertTrue(h.fib.initialSyncEnded(), "with the first batch, not after " + Rib.INITIAL_SYNC_MILLIS + " ms");
    }

    @Test
    void aRestartWithDynamicNeighborsOnlyEndsWhenTheNodesOfTheEarlierRunSentEndOfRib() {
        // What the daemon passes with neighbor ranges only: the next hops of the routes found in the kernel.
        String w1 = "198.51.100.21", w2 = "198.51.100.22";
        RibHarness h = new RibHarness(new RibConfig(ROUTER_ID, null, LOCAL_AS, true, 16, 120, Set.of(ip(w1), ip(w2)), List.of()));
        h.up(ibgp(w1, w1));
        h.announce(w1, attrs(w1).build(), "10.20.1.0/26");
        h.rib.endOfRib(ip(w1), Family.IPV4_UNICAST);
        h.rib.endOfRib(ip(w1), Family.IPV6_UNICAST);
        h.rib.flush();
        assertFalse(h.fib.initialSyncEnded(), "w2 has not come back yet");
        assertEquals(0, h.fib.batches(), "the ECMP sets of the earlier run stay while w2 reconnects");
        h.up(ibgp(w2, w2));
        h.announce(w2, attrs(w2).build(), "10.20.2.0/26");
        h.rib.endOfRib(ip(w2), Family.IPV4_UNICAST);
        h.rib.endOfRib(ip(w2), Family.IPV6_UNICAST);
        assertTrue(h.fib.initialSyncEnded(), "long before the 120 s timer");
        assertEquals(w1, h.installed("10.20.1.0/26"));
        assertEquals(w2, h.installed("10.20.2.0/26"));
    }
}
