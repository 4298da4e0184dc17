package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.FibListener;
import org.jbgpd.fib.NextHop;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.fib.NextHopState;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The FIB port on a real kernel table in a namespace: batches, restarts, repairs, next hops. */
class NetlinkFibTest {
    private TestNamespace ns;
    private NetlinkFib fib;
    private final Recorder recorder = new Recorder();
    private long sequence;

    /** What the engine would hear. */
    static final class Recorder implements FibListener {
        final Map<Long, Integer> applied = new ConcurrentHashMap<>();
        final Map<IpAddress, NextHopState> states = new ConcurrentHashMap<>();

        @Override public void applied(long seq, int failedRoutes) { applied.put(seq, failedRoutes); }

        @Override public void nextHopsChanged(List<NextHopState> changed) { changed.forEach(s -> states.put(s.address(), s)); }
    }

    @BeforeEach
    void setUp() {
        ns = TestNamespace.withLinkD0();
    }

    @AfterEach
    void tearDown() {
        if (fib != null) fib.close();
        if (ns != null) ns.close();
    }

    private NetlinkFib start(boolean keepOnExit) throws Exception {
        fib = NetlinkFib.start(new NetlinkFib.Settings(KernelTable.defaults(), keepOnExit, Duration.ofSeconds(2), ns.path()));
        fib.connect(recorder);
        return fib;
    }

    /** A FIB whose periodic scan never comes during the test, so only the path under test can repair. */
    private NetlinkFib startWithoutPeriodicScan(int eventReceiveBuffer) throws Exception {
        fib = NetlinkFib.start(new NetlinkFib.Settings(KernelTable.defaults(), true, Duration.ofMinutes(10), ns.path()), eventReceiveBuffer);
        fib.connect(recorder);
        return fib;
    }

    /** With -Djbgpd.fib.nice=-5, ps -L shows fib-sync at -5 alone (ADR 0102): we run as root here, so the kernel takes it. */
    @Test
    void fibSyncThreadRunsAtItsOwnNiceValue() throws Exception {
        String old = System.getProperty(ThreadNice.FIB_SYNC_PROPERTY);
        System.setProperty(ThreadNice.FIB_SYNC_PROPERTY, "-5");
        try {
            start(false);
            fib.inspect(() -> null); // the thread has started and set its nice value before taking tasks
        } finally {
            if (old == null) System.clearProperty(ThreadNice.FIB_SYNC_PROPERTY);
            else System.setProperty(ThreadNice.FIB_SYNC_PROPERTY, old);
        }
        java.nio.file.Path task = null;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                if (java.nio.file.Files.readString(t.resolve("comm")).strip().equals("fib-sync")) task = t;
            }
        }
        assertTrue(task != null, "no fib-sync thread in /proc/self/task");
        assertEquals(-5, ThreadNice.niceOf(task));
        assertEquals(ThreadNice.currentThread(), ThreadNice.niceOf(java.nio.file.Path.of("/proc/self")),
                "the other threads keep the process's nice value");
    }

    /** Also used by NexthopObjectsTest. */
    static NextHopSet hops(String... addresses) {
        return NextHopSet.of(java.util.Arrays.stream(addresses).map(a -> NextHop.of(IpAddress.parse(a))).toArray(NextHop[]::new));
    }

    private int apply(FibBatch.Builder b) throws Exception {
        FibBatch batch = b.build();
        fib.submit(batch);
        eventually("batch applied", () -> recorder.applied.containsKey(batch.sequence()));
        return recorder.applied.get(batch.sequence());
    }

    private FibBatch.Builder batch() { return FibBatch.builder(++sequence); }

    private static IpPrefix p(String s) { return IpPrefix.parse(s); }

    /** Also used by NexthopObjectsTest. */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("gave up waiting for: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void appliesBatchesOfBothFamiliesWithEcmp() throws Exception {
        start(true);
        int failed = apply(batch()
                .replace(p("10.20.1.0/24"), hops("192.0.2.2"))
                .replace(p("10.20.2.0/24"), hops("192.0.2.2", "192.0.2.3"))
                .replace(p("2001:db8:100::/48"), hops("2001:db8:1::2")));
        assertEquals(0, failed);
        assertEquals(List.of("10.20.1.0/24 via 192.0.2.2 dev d0 proto bgp metric 20"), ns.routes("10.20.1.0/24"));
        assertTrue(ns.routes("10.20.2.0/24").getFirst().contains("nexthop via 192.0.2.3"));
        assertEquals(List.of("2001:db8:100::/48 via 2001:db8:1::2 dev d0 proto bgp metric 20 pref medium"), ns.routes("2001:db8:100::/48"));

        assertEquals(0, apply(batch().withdraw(p("10.20.1.0/24")).replace(p("10.20.2.0/24"), hops("192.0.2.4"))));
        assertEquals(List.of("10.20.2.0/24 via 192.0.2.4 dev d0 proto bgp metric 20"), ns.routes("10.20.0.0/16"));
    }

    /**
     * On the engine's prefix ids (ADR 0137), an entry the wanted table refuses (here: one without an id) fails alone and
     * is counted as failed; the withdraw after it in the same batch still takes its route out of the table and the kernel.
     * Before, the refusal ended the batch's first pass: that withdraw's prefix stayed wanted under an id the engine then
     * freed, and the FIB's next scan put the route back.
     */
    @Test
    void anEntryTheTableRefusesFailsAloneAndTheWithdrawsAfterItStillGo() throws Exception {
        OwnPrefixIds engine = new OwnPrefixIds();
        fib = NetlinkFib.start(new NetlinkFib.Settings(KernelTable.defaults(), true, Duration.ofSeconds(2), ns.path()));
        fib.connect(new FibListener() {
            @Override public void applied(long seq, int failedRoutes) { recorder.applied(seq, failedRoutes); }
            @Override public void nextHopsChanged(List<NextHopState> changed) { recorder.nextHopsChanged(changed); }
            @Override public org.jbgpd.fib.PrefixIds prefixIds() { return engine; }
        });
        IpPrefix a = p("10.20.1.0/24"), b = p("10.20.2.0/24");
        int idA = engine.findOrAdd(a.family(), a.address().hi(), 0, 24), idB = engine.findOrAdd(b.family(), b.address().hi(), 0, 24);
        NextHopSet via = hops("192.0.2.2");
        assertEquals(0, apply(batch()
                .replace(a.family(), a.address().hi(), 0, 24, via, idA)
                .replace(b.family(), b.address().hi(), 0, 24, via, idB)));
        assertEquals(2, ns.routes("10.20.0.0/16").size());

        int failed = apply(batch()
                .withdraw(a.family(), a.address().hi(), 0, 24, idA)
                .replace(p("10.20.3.0/24"), via) // no id: refused
                .withdraw(b.family(), b.address().hi(), 0, 24, idB));
        assertEquals(1, failed, "the entry without an id is the batch's one failure");
        assertEquals(List.of(), ns.routes("10.20.0.0/16"), "both withdraws reached the kernel; the refused entry installed nothing");
        assertEquals(0L, (long) fib.inspect(() -> fib.stats().wantedIpv4()), "nothing is left wanted");
    }

    @Test
    void aPrefixNamedTwiceInOneBatchEndsAsItsLastEntrySays() throws Exception {
        start(true);
        // The engine coalesces per prefix, but the FIB must not depend on it: the wanted table is
        // updated for the whole batch before the kernel requests go out.
        assertEquals(0, apply(batch()
                .replace(p("10.20.1.0/24"), hops("192.0.2.2"))
                .withdraw(p("10.20.1.0/24"))
                .replace(p("10.20.2.0/24"), hops("192.0.2.2"))
                .replace(p("10.20.2.0/24"), hops("192.0.2.3"))
                .replace(p("10.20.3.0/24"), hops("192.0.2.5"))));
        assertEquals(List.of("10.20.2.0/24 via 192.0.2.3 dev d0 proto bgp metric 20",
                "10.20.3.0/24 via 192.0.2.5 dev d0 proto bgp metric 20"), ns.routes("10.20.0.0/16"));
        // the set of 10.20.3.0/24 was the only user of its id: replacing it must not disturb the others
        assertEquals(0, apply(batch().replace(p("10.20.3.0/24"), hops("192.0.2.3")).replace(p("10.20.1.0/24"), hops("192.0.2.5"))));
        assertEquals(List.of("10.20.1.0/24 via 192.0.2.5 dev d0 proto bgp metric 20",
                "10.20.2.0/24 via 192.0.2.3 dev d0 proto bgp metric 20",
                "10.20.3.0/24 via 192.0.2.3 dev d0 proto bgp metric 20"), ns.routes("10.20.0.0/16"));
        assertEquals(3, fib.stats().wantedIpv4());
    }

    @Test
    void restartKeepsAnnouncedRoutesAndRemovesLeftoversAfterTheInitialSync() throws Exception {
        // What a previous jbgpd left behind (kill -9), plus a foreign route that must survive.
        for (String prefix : List.of("10.20.1.0/24", "10.20.2.0/24", "10.20.3.0/24")) {
            ns.ip("route", "add", prefix, "via", "192.0.2.2", "proto", "186", "metric", "20");
        }
        ns.ip("route", "add", "10.20.9.0/24", "via", "192.0.2.3", "proto", "static");
        start(true);
        assertEquals(3, fib.routesFoundAtStart());
        assertEquals(java.util.Set.of(org.jbgpd.wire.IpAddress.parse("192.0.2.2")), fib.gatewaysFoundAtStart(),
                "who forwarded our routes before (a dynamic-neighbors restart waits for them); not the foreign route's gateway");
        apply(batch().replace(p("10.20.1.0/24"), hops("192.0.2.2")).replace(p("10.20.2.0/24"), hops("192.0.2.3")));
        assertEquals(4, ns.routes("10.20.0.0/16").size(), "nothing is removed before the initial sync ends");
        apply(batch().endsInitialSync(true));
        assertEquals(List.of("10.20.1.0/24 via 192.0.2.2 dev d0 proto bgp metric 20",
                "10.20.2.0/24 via 192.0.2.3 dev d0 proto bgp metric 20",
                "10.20.9.0/24 via 192.0.2.3 dev d0 proto static"), ns.routes("10.20.0.0/16"));
        assertEquals(1, fib.staleRoutesRemoved());
    }

    @Test
    void putsBackARouteThatSomeoneElseDeletes() throws Exception {
        start(true);
        apply(batch().replace(p("10.20.1.0/24"), hops("192.0.2.2")).endsInitialSync(true));
        ns.ip("route", "del", "10.20.1.0/24", "proto", "186");
        eventually("route put back", () -> ns.routes("10.20.1.0/24").size() == 1);
        assertEquals(List.of("10.20.1.0/24 via 192.0.2.2 dev d0 proto bgp metric 20"), ns.routes("10.20.1.0/24"));
        // The scan counts the route after its write returned: the kernel can show it a moment before the count does.
        eventually("the put-back route counted", () -> fib.stats().restored() >= 1);
    }

    @Test
    void closingWithoutKeepOnExitRemovesExactlyOurs() throws Exception {
        ns.ip("route", "add", "10.20.9.0/24", "via", "192.0.2.2", "proto", "static");
        start(false);
        apply(batch().replace(p("10.20.1.0/24"), hops("192.0.2.2")).replace(p("2001:db8:100::/48"), hops("2001:db8:1::2")));
        fib.close();
        fib = null;
        assertEquals(List.of("10.20.9.0/24 via 192.0.2.2 dev d0 proto static"), ns.routes("10.20.0.0/16"));
        assertEquals(List.of(), ns.routes("2001:db8:100::/48"));
    }

    @Test
    void closingWithKeepOnExitLeavesOurRoutes() throws Exception {
        start(true);
        apply(batch().replace(p("10.20.1.0/24"), hops("192.0.2.2")));
        fib.close();
        fib = null;
        assertEquals(1, ns.routes("10.20.1.0/24").size());
    }

    @Test
    void resolvesRecursiveNextHopsAndReportsUnreachableOnes() throws Exception {
        // 198.51.100.0/24 is behind a router at 192.0.2.2 (an IGP or static route, not ours).
        ns.ip("route", "add", "198.51.100.0/24", "via", "192.0.2.2", "proto", "static", "metric", "7");
        start(true);
        fib.watch(IpAddress.parse("198.51.100.7"));
        fib.watch(IpAddress.parse("192.0.2.9"));
        fib.watch(IpAddress.parse("203.0.113.9"));
        apply(batch()
                .replace(p("10.20.1.0/24"), hops("198.51.100.7"))
                .replace(p("10.20.2.0/24"), hops("192.0.2.9"))
                .replace(p("10.20.3.0/24"), hops("203.0.113.9")));
        assertEquals(List.of("10.20.1.0/24 via 192.0.2.2 dev d0 proto bgp metric 20",
                "10.20.2.0/24 via 192.0.2.9 dev d0 proto bgp metric 20"), ns.routes("10.20.0.0/16"));
        eventually("three answers", () -> recorder.states.size() == 3);
        assertEquals(NextHopState.reachable(IpAddress.parse("198.51.100.7"), 7), recorder.states.get(IpAddress.parse("198.51.100.7")));
        assertEquals(NextHopState.reachable(IpAddress.parse("192.0.2.9"), 0), recorder.states.get(IpAddress.parse("192.0.2.9")));
        assertFalse(recorder.states.get(IpAddress.parse("203.0.113.9")).reachable());

        // The route to the next hop moves: our route follows it.
        ns.ip("route", "replace", "198.51.100.0/24", "via", "192.0.2.3", "proto", "static", "metric", "7");
        eventually("route follows the new resolution", () -> ns.routes("10.20.1.0/24").equals(
                List.of("10.20.1.0/24 via 192.0.2.3 dev d0 proto bgp metric 20")));
    }

    @Test
    void aLinkGoingDownTakesItsRoutesOutAndComingUpPutsThemBack() throws Exception {
        ns.link("d1", "203.0.113.1/24");
        start(true);
        fib.watch(IpAddress.parse("203.0.113.2"));
        apply(batch().replace(p("10.20.1.0/24"), hops("203.0.113.2")).replace(p("10.20.2.0/24"), hops("192.0.2.2")));
        assertEquals(List.of("10.20.1.0/24 via 203.0.113.2 dev d1 proto bgp metric 20"), ns.routes("10.20.1.0/24"));

        ns.ip("link", "set", "d1", "down");
        eventually("next hop reported unreachable", () -> {
            NextHopState s = recorder.states.get(IpAddress.parse("203.0.113.2"));
            return s != null && !s.reachable();
        });
        assertEquals(List.of(), ns.routes("10.20.1.0/24"));
        assertEquals(1, ns.routes("10.20.2.0/24").size(), "routes via other links stay");

        ns.ip("link", "set", "d1", "up");
        eventually("route back after link up", () -> ns.routes("10.20.1.0/24").equals(
                List.of("10.20.1.0/24 via 203.0.113.2 dev d1 proto bgp metric 20")));
        eventually("next hop reported reachable", () -> recorder.states.get(IpAddress.parse("203.0.113.2")).reachable());
    }

    @Test
    void guardRailsKeepPeersFromHijackingTheDefaultRouteConnectedNetworksAndPeerPaths() throws Exception {
        ns.ip("route", "add", "198.51.100.0/24", "via", "192.0.2.2", "proto", "static");
        start(true);
        fib.protectPeers(List.of(IpAddress.parse("198.51.100.11")));
        assertEquals(0, apply(batch()
                .replace(p("0.0.0.0/0"), hops("192.0.2.2"))
                .replace(p("192.0.2.128/25"), hops("192.0.2.2"))
                .replace(p("192.0.2.1/32"), hops("192.0.2.2"))
                .replace(p("2001:db8:1::5/128"), hops("2001:db8:1::2"))
                .replace(p("198.51.100.11/32"), hops("192.0.2.3"))
                .replace(p("198.51.100.0/25"), hops("192.0.2.3"))
                .replace(p("192.0.0.0/16"), hops("192.0.2.3"))
                .replace(p("198.51.0.0/16"), hops("192.0.2.3"))));
        assertEquals(List.of(), ns.routes("0.0.0.0/0", "proto", "186", "exact", "0.0.0.0/0"));
        // (ip leaves "proto bgp" out when it filters by it)
        assertEquals(List.of("192.0.0.0/16 via 192.0.2.3 dev d0 metric 20",
                "198.51.0.0/16 via 192.0.2.3 dev d0 metric 20"), ns.routes("0.0.0.0/0", "proto", "186"));
        assertEquals(List.of(), ns.routes("2001:db8::/32", "proto", "186"));
        assertEquals(6, fib.refusedRoutes());
    }

    @Test
    void policyCanAllowWhatTheGuardRailsWouldRefuse() throws Exception {
        fib = NetlinkFib.start(new NetlinkFib.Settings(KernelTable.defaults(), true, Duration.ofSeconds(2), ns.path(), java.util.Set.of(p("0.0.0.0/0"))));
        fib.connect(recorder);
        assertEquals(0, apply(batch().replace(p("0.0.0.0/0"), hops("192.0.2.2"))));
        assertEquals(List.of("default via 192.0.2.2 dev d0 metric 20"), ns.routes("0.0.0.0/0", "proto", "186"));
        assertEquals(0, fib.refusedRoutes());
    }

    /**
     * GoBGP sends IPv6 routes over an IPv4 session with the next hop ::ffff:a.b.c.d, others send ::. Looked up as
     * addresses both would match an IPv6 default route and be installed through its router: they are unreachable.
     */
    @Test
    void anIpv4MappedOrUnspecifiedIpv6NextHopIsUnreachableEvenWithADefaultRoute() throws Exception {
        ns.ip("-6", "route", "add", "default", "via", "2001:db8:1::2", "proto", "static");
        start(true);
        IpAddress mapped = IpAddress.ofV6(0, 0xffff_c000_0202L); // ::ffff:192.0.2.2
        IpAddress unspecified = IpAddress.ofV6(0, 0);
        IpAddress global = IpAddress.parse("2001:db8:1::3");
        for (IpAddress a : List.of(mapped, unspecified, global)) fib.watch(a);
        apply(batch()
                .replace(p("2001:db8:60::/48"), NextHopSet.of(NextHop.of(mapped)))
                .replace(p("2001:db8:61::/48"), NextHopSet.of(NextHop.of(unspecified)))
                .replace(p("2001:db8:62::/48"), NextHopSet.of(NextHop.of(global))));
        eventually("three answers", () -> recorder.states.size() == 3);
        assertFalse(recorder.states.get(mapped).reachable(), recorder.states.toString());
        assertFalse(recorder.states.get(unspecified).reachable(), recorder.states.toString());
        assertTrue(recorder.states.get(global).reachable(), recorder.states.toString());
        assertEquals(List.of(), ns.routes("2001:db8:60::/47"), "nothing installed through the default router");
        assertEquals(List.of("2001:db8:62::/48 via 2001:db8:1::3 dev d0 proto bgp metric 20 pref medium"), ns.routes("2001:db8:62::/48"));
    }

    @Test
    void installsAnIpv4RouteViaAnIpv6LinkLocalNextHopOnItsDevice() throws Exception {
        start(true);
        String lladdr = ns.ip("-6", "-o", "addr", "show", "dev", "d0p", "scope", "link").trim();
        // d0p's link-local address, e.g. "3: d0p    inet6 fe80::1c2b:3ff:fe4d:5e6f/64 scope link ..."
        String peer = lladdr.replaceAll(".*inet6 (fe80::[0-9a-f:]+)/64.*", "$1");
        NextHopSet hops = NextHopSet.of(new NextHop(IpAddress.parse(peer), "d0"));
        fib.watch(IpAddress.parse("2001:db8:1::2"));
        assertEquals(0, apply(batch().replace(p("10.20.1.0/24"), hops).replace(p("2001:db8:100::/48"), hops)));
        assertEquals(List.of("10.20.1.0/24 via inet6 " + peer + " dev d0 proto bgp metric 20"), ns.routes("10.20.1.0/24"));
        assertEquals(List.of("2001:db8:100::/48 via " + peer + " dev d0 proto bgp metric 20 pref medium"), ns.routes("2001:db8:100::/48"));
    }

    /**
     * A link-local next hop tied to the session's interface by the engine (LinkLocalNextHop): the route goes out on
     * that interface, here the second of two with fe80::/64, and is not rewritten by the scans after it.
     */
    @Test
    void aLinkLocalNextHopScopedToAnInterfaceIsInstalledOnIt() throws Exception {
        ns.link("d1", "198.51.100.1/24");
        start(true);
        String lladdr = ns.ip("-6", "-o", "addr", "show", "dev", "d1p", "scope", "link").trim();
        String peer = lladdr.replaceAll(".*inet6 (fe80::[0-9a-f:]+)/64.*", "$1");
        int d1 = Integer.parseInt(ns.ip("-o", "link", "show", "dev", "d1").trim().split(":")[0]);
        IpAddress scoped = IpAddress.parse(peer).withLinkScope(d1);
        fib.watch(scoped);
        assertEquals(0, apply(batch().replace(p("2001:db8:70::/48"), NextHopSet.of(NextHop.of(scoped)))));
        assertEquals(List.of("2001:db8:70::/48 via " + peer + " dev d1 proto bgp metric 20 pref medium"), ns.routes("2001:db8:70::/48"));
        eventually("reported reachable", () -> recorder.states.containsKey(scoped) && recorder.states.get(scoped).reachable());
        long restoredBefore = fib.stats().restored();
        Thread.sleep(4500); // two periodic scans (every 2 s here): a route they thought wrong would be written again
        assertEquals(restoredBefore, fib.stats().restored(), fib.stats().toString());
    }

    @Test
    void aRefusedRouteIsRetriedWithBackOffReportedOnceAndLandsOnceTheKernelTakesIt() throws Exception {
        // A device route of global scope: the kernel's own lookup resolves 198.51.100.7 through it,
        // but refuses it as a gateway (a gateway must be on a link-scope route): a lasting refusal.
        ns.link("d1", "203.0.113.1/24");
        ns.ip("route", "add", "198.51.100.0/24", "dev", "d1", "scope", "global", "proto", "static");
        startWithoutPeriodicScan(NetlinkSocket.DEFAULT_RECEIVE_BUFFER);
        int failed = apply(batch().replace(p("10.20.1.0/24"), hops("198.51.100.7")).replace(p("10.20.2.0/24"), hops("192.0.2.2")));
        assertEquals(1, failed, "the refusal is reported with the batch");
        assertEquals(List.of("10.20.2.0/24 via 192.0.2.2 dev d0 proto bgp metric 20"), ns.routes("10.20.0.0/16"), "the rest of the batch landed");

        // 100, 200, 400, 800 ms: the fifth refusal in a row is reported, once.
        eventually("reported as persistent", () -> fib.stats().persistentFailures() == 1);
        assertEquals(1, fib.stats().retrying());
        assertTrue(fib.stats().replaceErrors() >= NetlinkFib.PERSISTENT_AFTER, fib.stats().toString());
        Thread.sleep(3000);
        assertEquals(1, fib.stats().persistentFailures(), "reported once, not at every retry");
        long errorsBefore = fib.stats().replaceErrors();
        assertTrue(errorsBefore < 20, "back-off: a handful of retries in 5 s, not a busy loop: " + errorsBefore);

        // The operator fixes the route to the next hop: the next retry installs ours.
        ns.ip("route", "replace", "198.51.100.0/24", "dev", "d1", "scope", "link", "proto", "static");
        eventually("route installed on retry", () -> ns.routes("10.20.1.0/24").equals(
                List.of("10.20.1.0/24 via 198.51.100.7 dev d1 proto bgp metric 20")));
        eventually("retry set empty", () -> fib.stats().retrying() == 0);
    }

    @Test
    void lostEventsAreRecoveredWithADumpAndReconcile() throws Exception {
        // A tiny receive buffer on the event socket, and a burst of foreign deletes: a second writer sends them
        // ~1,300 to a sendmsg, so the kernel queues their notifications faster than fib-sync can read them (ENOBUFS).
        // (`ip -batch` waits for each ACK, and fib-sync on the other core sometimes kept up with it; so did the events
        // thread with a burst of 2,000, once in six runs on 2026-12-04: 6,000 now.)
        startWithoutPeriodicScan(1);
        int count = 6000;
        FibBatch.Builder b = batch();
        for (int i = 0; i < count; i++) {
            b.replace(IpPrefix.unpackV4(IpPrefix.packV4(0x0a140000 | i << 2, 30)), hops("192.0.2.2"));
        }
        assertEquals(0, apply(b.endsInitialSync(true)));
        assertEquals(count, ns.routes("10.20.0.0/16").size());

        try (NetlinkSocket socket = NetlinkSocket.openRoute(ns.path());
             KernelRouteWriter foreign = new KernelRouteWriter(socket, KernelTable.defaults())) {
            for (int i = 0; i < count; i++) foreign.withdraw(IpPrefix.unpackV4(IpPrefix.packV4(0x0a140000 | i << 2, 30)));
            foreign.flush();
            assertEquals(List.of(), foreign.takeFailures());
        }
        eventually("events lost and counted", () -> fib.stats().overruns() >= 1);
        eventually("every route put back", () -> ns.routes("10.20.0.0/16").size() == count);
        eventually("the put-back routes counted", () -> fib.stats().restored() >= 1);
        assertEquals(count, fib.stats().wantedIpv4());
    }

    /**
     * The scan marks what the kernel holds in a bit per wanted slot (ADR 0129): with thousands of routes (many bit
     * words, a dump of many datagrams), exactly the deleted third is written again, none of the rest.
     */
    @Test
    void aScanPutsBackExactlyTheRoutesThatWentMissing() throws Exception {
        startWithoutPeriodicScan(1);
        int count = 3000;
        FibBatch.Builder b = batch();
        StringBuilder deletes = new StringBuilder();
        int deleted = (count + 2) / 3;
        for (int i = 0; i < count; i++) {
            b.replace(IpPrefix.unpackV4(IpPrefix.packV4(0x0a140000 | i << 2, 30)), hops("192.0.2.2"));
            if (i % 3 == 0) deletes.append("route del 10.20.").append(i >> 6).append('.').append((i & 63) << 2).append("/30 proto 186 metric 20\n");
        }
        assertEquals(0, apply(b.endsInitialSync(true)));
        assertEquals(count, ns.routes("10.20.0.0/16").size());
        long restoredBefore = fib.stats().restored();

        ns.ipBatch(deletes);
        eventually("every route put back", () -> ns.routes("10.20.0.0/16").size() == count);
        eventually("the last scan published", () -> fib.stats().restored() - restoredBefore == deleted);
        Thread.sleep(1500); // a further scan (asked for by a late event) must find nothing to write
        assertEquals(deleted, fib.stats().restored() - restoredBefore, fib.stats().toString());
    }

    @Test
    void statsCountWhatWasWrittenAndBatchTimesAreReported() throws Exception {
        start(true);
        List<Long> nanos = new java.util.concurrent.CopyOnWriteArrayList<>();
        fib.onBatchApplied(nanos::add);
        apply(batch().replace(p("10.20.1.0/24"), hops("192.0.2.2")).replace(p("2001:db8:100::/48"), hops("2001:db8:1::2")));
        apply(batch().withdraw(p("10.20.1.0/24")));
        NetlinkFib.Stats s = fib.stats();
        assertEquals(0, s.wantedIpv4());
        assertEquals(1, s.wantedIpv6());
        assertEquals(2, s.replaces());
        assertEquals(1, s.deletes());
        assertEquals(0, s.replaceErrors() + s.deleteErrors());
        assertEquals(2, nanos.size());
        assertTrue(nanos.stream().allMatch(n -> n > 0));
    }

    @Test
    void closeCanKeepRoutesWhateverTheSettingsSay() throws Exception {
        start(false);
        apply(batch().replace(p("10.20.1.0/24"), hops("192.0.2.2")));
        fib.close(true); // a planned restart
        fib = null;
        assertEquals(List.of("10.20.1.0/24 via 192.0.2.2 dev d0 proto bgp metric 20"), ns.routes("10.20.1.0/24"));
    }

    @Test
    void aNextHopResolvesThroughOurRouteOnlyWhenThatRouteIsNotRecursiveItself() throws Exception {
        IpAddress behindOurs = IpAddress.parse("198.51.100.7");
        IpAddress behindRecursive = IpAddress.parse("203.0.113.5");
        start(true);
        fib.watch(behindOurs);
        fib.watch(behindRecursive);
        apply(batch()
                .replace(p("198.51.100.0/24"), hops("192.0.2.2"))    // ours, next hop on a connected network
                .replace(p("10.20.1.0/24"), hops("198.51.100.7"))     // resolves through it
                .replace(p("203.0.113.0/24"), hops("198.51.100.9"))   // ours too, but recursive
                .replace(p("10.20.4.0/24"), hops("203.0.113.5")));    // would resolve through a recursive route
        eventually("resolved through our route", () -> ns.routes("10.20.1.0/24").equals(
                List.of("10.20.1.0/24 via 192.0.2.2 dev d0 proto bgp metric 20")));
        assertEquals(List.of("203.0.113.0/24 via 192.0.2.2 dev d0 proto bgp metric 20"), ns.routes("203.0.113.0/24"));
        eventually("reported reachable", () -> recorder.states.containsKey(behindOurs) && recorder.states.get(behindOurs).reachable());
        eventually("the other reported", () -> recorder.states.containsKey(behindRecursive));
        assertFalse(recorder.states.get(behindRecursive).reachable(), "never through a route that is recursive itself");
        assertEquals(List.of(), ns.routes("10.20.4.0/24"));

        // Our covering route goes: what resolved through it goes too.
        apply(batch().withdraw(p("198.51.100.0/24")));
        eventually("dependent route removed", () -> ns.routes("10.20.1.0/24").isEmpty());
        eventually("reported unreachable", () -> !recorder.states.get(behindOurs).reachable());
        eventually("recursive route removed", () -> ns.routes("203.0.113.0/24").isEmpty());
    }
}
