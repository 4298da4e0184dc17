package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.jbgpd.netlink.NetlinkFibTest.eventually;
import static org.jbgpd.netlink.NetlinkFibTest.hops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Routes through kernel nexthop objects (ADR 0091), as `ip route` and `ip nexthop` show them in a
 * namespace: one object per gateway, one group per ECMP set, shared by the routes that use them,
 * gone with their last route, reused across a restart, and kept true when a link goes away.
 */
class NexthopObjectsTest {
    private static final Pattern NHID = Pattern.compile(" nhid ([0-9]+)");
    private TestNamespace ns;
    private NetlinkFib fib;
    private final NetlinkFibTest.Recorder recorder = new NetlinkFibTest.Recorder();
    private long sequence;

    @BeforeEach
    void setUp() {
        ns = TestNamespace.withLinkD0();
    }

    @AfterEach
    void tearDown() {
        if (fib != null) fib.close();
        if (ns != null) ns.close();
    }

    private NetlinkFib start(boolean keepOnExit, boolean objects) throws Exception {
        fib = NetlinkFib.start(new NetlinkFib.Settings(KernelTable.defaults(), keepOnExit, Duration.ofSeconds(2), ns.path())
                .withNexthopObjects(objects));
        fib.connect(recorder);
        return fib;
    }

    private void apply(FibBatch.Builder b) throws Exception {
        FibBatch batch = b.build();
        fib.submit(batch);
        eventually("batch applied", () -> recorder.applied.containsKey(batch.sequence()));
    }

    private FibBatch.Builder batch() { return FibBatch.builder(++sequence); }

    private static IpPrefix p(String s) { return IpPrefix.parse(s); }

    /** The nhid `ip route` shows for the route to {@code prefix}, or 0 for a route without one (or no route). */
    private int nhid(String prefix) {
        List<String> lines = ns.routesWithNexthopIds(prefix);
        if (lines.isEmpty()) return 0;
        Matcher m = NHID.matcher(lines.getFirst());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Our nexthop objects as `ip nexthop show protocol bgp` lists them: id -> the rest of the line. */
    private Map<Integer, String> ourObjects() {
        Map<Integer, String> objects = new TreeMap<>();
        for (String l : ns.nexthops("protocol", "186")) {
            Matcher m = Pattern.compile("^id ([0-9]+) (.*)$").matcher(l);
            assertTrue(m.matches(), l);
            objects.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        return objects;
    }

    private static int idOf(Map<Integer, String> objects, String content) {
        for (Map.Entry<Integer, String> e : objects.entrySet()) if (e.getValue().equals(content)) return e.getKey();
        fail("no object \"" + content + "\" in " + objects);
        return 0;
    }

    @Test
    void routesShareOneObjectPerGatewayAndOneGroupPerEcmpSetInBothFamiliesUntilTheirLastRouteGoes() throws Exception {
        start(true, true);
        apply(batch()
                .replace(p("10.20.1.0/24"), hops("192.0.2.2"))
                .replace(p("10.20.2.0/24"), hops("192.0.2.2"))
                .replace(p("10.20.3.0/24"), hops("192.0.2.2", "192.0.2.3"))
                .replace(p("2001:db8:20::/48"), hops("2001:db8:1::2"))
                .replace(p("2001:db8:21::/48"), hops("2001:db8:1::2", "2001:db8:1::3")));

        Map<Integer, String> objects = ourObjects();
        int v4a = idOf(objects, "via 192.0.2.2 dev d0 scope link proto bgp");
        int v4b = idOf(objects, "via 192.0.2.3 dev d0 scope link proto bgp");
        int v6a = idOf(objects, "via 2001:db8:1::2 dev d0 scope link proto bgp");
        int v6b = idOf(objects, "via 2001:db8:1::3 dev d0 scope link proto bgp");
        int v4group = idOf(objects, "group " + v4a + "/" + v4b + " proto bgp");
        int v6group = idOf(objects, "group " + v6a + "/" + v6b + " proto bgp");
        assertEquals(6, objects.size(), "one per gateway, one per ECMP set: " + objects);

        assertEquals(v4a, nhid("10.20.1.0/24"));
        assertEquals(v4a, nhid("10.20.2.0/24"), "routes through the same gateway share its object");
        assertEquals(v4group, nhid("10.20.3.0/24"));
        assertEquals(v6a, nhid("2001:db8:20::/48"));
        assertEquals(v6group, nhid("2001:db8:21::/48"));
        assertEquals(List.of("10.20.1.0/24 via 192.0.2.2 dev d0 proto bgp metric 20"), ns.routes("10.20.1.0/24"));
        assertEquals(List.of("10.20.3.0/24 proto bgp metric 20 nexthop via 192.0.2.2 dev d0 weight 1 nexthop via 192.0.2.3 dev d0 weight 1"),
                ns.routes("10.20.3.0/24"));
        assertEquals(List.of("2001:db8:20::/48 via 2001:db8:1::2 dev d0 proto bgp metric 20 pref medium"), ns.routes("2001:db8:20::/48"));

        // The ECMP routes go: their groups go, and the members no other route uses.
        apply(batch().withdraw(p("10.20.3.0/24")).withdraw(p("2001:db8:21::/48")));
        assertEquals(Map.of(v4a, "via 192.0.2.2 dev d0 scope link proto bgp", v6a, "via 2001:db8:1::2 dev d0 scope link proto bgp"), ourObjects());

        // A route moves to another gateway: the old object goes with its last route.
        apply(batch().replace(p("10.20.1.0/24"), hops("192.0.2.3")));
        assertEquals(v4a, nhid("10.20.2.0/24"), "still used by 10.20.2.0/24");
        apply(batch().replace(p("10.20.2.0/24"), hops("192.0.2.3")));
        Map<Integer, String> after = ourObjects();
        assertEquals(Set.of("via 192.0.2.3 dev d0 scope link proto bgp", "via 2001:db8:1::2 dev d0 scope link proto bgp"), Set.copyOf(after.values()));
        assertEquals(nhid("10.20.1.0/24"), nhid("10.20.2.0/24"));

        apply(batch().withdraw(p("10.20.1.0/24")).withdraw(p("10.20.2.0/24")).withdraw(p("2001:db8:20::/48")));
        assertEquals(Map.of(), ourObjects());
        assertEquals(List.of(), ns.routes("10.20.0.0/16"));
    }

    @Test
    void aRestartReusesOurObjectsRemovesOurLeftoversAndLeavesForeignOnesAlone() throws Exception {
        ns.ip("nexthop", "add", "id", "5", "via", "192.0.2.9", "dev", "d0", "proto", "static");
        ns.ip("route", "add", "10.20.9.0/24", "nhid", "5", "proto", "static");
        start(true, true);
        apply(batch().replace(p("10.20.1.0/24"), hops("192.0.2.2")).replace(p("10.20.2.0/24"), hops("192.0.2.3")).endsInitialSync(true));
        int kept = nhid("10.20.1.0/24");
        assertNotEquals(0, kept);
        fib.close();

        start(true, true);
        assertEquals(2, fib.routesFoundAtStart());
        assertEquals(Set.of(IpAddress.parse("192.0.2.2"), IpAddress.parse("192.0.2.3")), fib.gatewaysFoundAtStart());
        apply(batch().replace(p("10.20.1.0/24"), hops("192.0.2.2")));
        assertEquals(2, ourObjects().size(), "nothing of ours goes before the initial sync ends (its routes would go with it)");
        assertEquals(List.of("10.20.2.0/24 via 192.0.2.3 dev d0 proto bgp metric 20"), ns.routes("10.20.2.0/24"));
        apply(batch().endsInitialSync(true));

        assertEquals(kept, nhid("10.20.1.0/24"), "the route keeps its object across the restart");
        assertEquals(Map.of(kept, "via 192.0.2.2 dev d0 scope link proto bgp"), ourObjects());
        assertEquals(List.of("10.20.1.0/24 via 192.0.2.2 dev d0 proto bgp metric 20",
                "10.20.9.0/24 via 192.0.2.9 dev d0 proto static"), ns.routes("10.20.0.0/16"));
        assertEquals(5, nhid("10.20.9.0/24"));
        assertEquals(List.of("id 5 via 192.0.2.9 dev d0 scope link proto static"), ns.nexthops("protocol", "4"));
    }

    @Test
    void aLinkThatGoesAwayTakesItsObjectsAndTheRoutesComeBackWithIt() throws Exception {
        ns.link("d1", "203.0.113.1/24");
        start(true, true);
        apply(batch()
                .replace(p("10.20.1.0/24"), hops("203.0.113.2"))
                .replace(p("10.20.2.0/24"), hops("192.0.2.2"))
                .replace(p("10.20.3.0/24"), hops("192.0.2.2", "203.0.113.2")));
        int group = nhid("10.20.3.0/24");
        assertEquals(3, ourObjects().size(), "two gateways and one group");

        ns.ip("link", "set", "d1", "down"); // the kernel deletes the objects on d1, their routes, and d1 from the group
        eventually("the ECMP route moved to the gateway left", () -> ns.routes("10.20.3.0/24").equals(
                List.of("10.20.3.0/24 via 192.0.2.2 dev d0 proto bgp metric 20")));
        assertEquals(List.of(), ns.routes("10.20.1.0/24"));
        eventually("only the object on d0 left", () -> Set.copyOf(ourObjects().values()).equals(Set.of("via 192.0.2.2 dev d0 scope link proto bgp")));
        assertEquals(nhid("10.20.2.0/24"), nhid("10.20.3.0/24"));

        ns.ip("link", "set", "d1", "up");
        eventually("routes back with the link", () -> ns.routes("10.20.1.0/24").equals(List.of("10.20.1.0/24 via 203.0.113.2 dev d1 proto bgp metric 20"))
                && ns.routes("10.20.3.0/24").size() == 1 && ns.routes("10.20.3.0/24").getFirst().contains("nexthop via 203.0.113.2 dev d1"));
        Map<Integer, String> objects = ourObjects();
        assertEquals(3, objects.size(), objects.toString());
        assertTrue(objects.containsKey(nhid("10.20.1.0/24")) && objects.containsKey(nhid("10.20.3.0/24")), "routes name objects that exist");
        assertNotEquals(group, nhid("10.20.3.0/24"), "a new group, the old one was changed by the kernel");

        // The device itself is deleted: the same.
        ns.ip("link", "del", "d1");
        eventually("routes via the deleted device gone", () -> ns.routes("10.20.1.0/24").isEmpty()
                && ns.routes("10.20.3.0/24").equals(List.of("10.20.3.0/24 via 192.0.2.2 dev d0 proto bgp metric 20")));
        eventually("its objects gone", () -> ourObjects().size() == 1);
    }

    @Test
    void turnedOffRoutesCarryTheirGatewaysAndTheObjectsOfAnEarlierRunGo() throws Exception {
        start(true, true);
        apply(batch().replace(p("10.20.1.0/24"), hops("192.0.2.2", "192.0.2.3")).endsInitialSync(true));
        assertEquals(3, ourObjects().size());
        fib.close();

        start(true, false);
        apply(batch().replace(p("10.20.1.0/24"), hops("192.0.2.2", "192.0.2.3")).endsInitialSync(true));
        assertEquals(0, nhid("10.20.1.0/24"));
        assertEquals(List.of("10.20.1.0/24 proto bgp metric 20 nexthop via 192.0.2.2 dev d0 weight 1 nexthop via 192.0.2.3 dev d0 weight 1"),
                ns.routes("10.20.1.0/24"));
        assertEquals(Map.of(), ourObjects());
    }

    @Test
    void closingWithoutKeepOnExitRemovesOurRoutesAndObjects() throws Exception {
        ns.ip("nexthop", "add", "id", "5", "via", "192.0.2.9", "dev", "d0");
        start(false, true);
        apply(batch().replace(p("10.20.1.0/24"), hops("192.0.2.2")).replace(p("2001:db8:20::/48"), hops("2001:db8:1::2")));
        assertEquals(2, ourObjects().size());
        fib.close();
        fib = null;
        assertEquals(Map.of(), ourObjects());
        assertEquals(List.of(), ns.routes("10.20.0.0/16"));
        assertEquals(List.of("id 5 via 192.0.2.9 dev d0 scope link"), ns.nexthops());
    }

    @Test
    void aRouteSomeoneElseMovedOffOurObjectIsPutBack() throws Exception {
        start(true, true);
        apply(batch().replace(p("10.20.1.0/24"), hops("192.0.2.2")));
        int ours = nhid("10.20.1.0/24");
        ns.ip("route", "replace", "10.20.1.0/24", "via", "192.0.2.7", "proto", "186", "metric", "20");
        eventually("put back on our object by the periodic scan", () -> nhid("10.20.1.0/24") == ours);
        // Someone deletes our object (and with it our route): a new one, the route back.
        ns.ip("nexthop", "del", "id", Integer.toString(ours));
        eventually("route back", () -> nhid("10.20.1.0/24") != 0 && ourObjects().containsKey(nhid("10.20.1.0/24")));
        List<String> lines = new ArrayList<>(ourObjects().values());
        assertEquals(List.of("via 192.0.2.2 dev d0 scope link proto bgp"), lines);
    }
}
