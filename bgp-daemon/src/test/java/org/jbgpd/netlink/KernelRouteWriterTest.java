package org.jbgpd.netlink;

import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routes written through our netlink layer, checked in the real kernel table of a namespace. */
class KernelRouteWriterTest {
    private TestNamespace ns;
    private NetlinkSocket socket;

    @BeforeEach
    void setUp() throws Exception {
        ns = TestNamespace.withLinkD0();
        socket = NetlinkSocket.openRoute(ns.path());
    }

    @AfterEach
    void tearDown() {
        if (socket != null) socket.close();
        if (ns != null) ns.close();
    }

    private static IpPrefix p(String s) { return IpPrefix.parse(s); }

    private static List<NextHop> via(String... gateways) {
        List<NextHop> l = new ArrayList<>();
        for (String g : gateways) l.add(NextHop.via(g));
        return l;
    }

    @Test
    void installsAndReplacesASingleGatewayRoute() throws Exception {
        try (KernelRouteWriter w = new KernelRouteWriter(socket, KernelTable.defaults())) {
            w.replace(p("10.20.1.0/24"), via("192.0.2.2"));
            w.flush();
            assertEquals(List.of("10.20.1.0/24 via 192.0.2.2 dev d0 proto bgp metric 20"), ns.routes("10.20.0.0/16"));

            w.replace(p("10.20.1.0/24"), via("192.0.2.3"));
            w.flush();
            assertEquals(List.of("10.20.1.0/24 via 192.0.2.3 dev d0 proto bgp metric 20"), ns.routes("10.20.0.0/16"));
            assertTrue(w.takeFailures().isEmpty());
        }
    }

    @Test
    void multipathWithTwoAndSixteenNextHops() throws Exception {
        List<NextHop> sixteen = new ArrayList<>();
        for (int i = 0; i < 16; i++) sixteen.add(NextHop.via("192.0.2." + (10 + i)));
        try (KernelRouteWriter w = new KernelRouteWriter(socket, KernelTable.defaults());
             RouteDump dump = new RouteDump(socket)) {
            w.replace(p("10.20.2.0/24"), via("192.0.2.2", "192.0.2.3"));
            w.replace(p("10.20.16.0/24"), sixteen);
            w.flush();
            assertEquals(List.of(), w.takeFailures());
            String two = ns.routes("10.20.2.0/24").getFirst();
            assertEquals("10.20.2.0/24 proto bgp metric 20 nexthop via 192.0.2.2 dev d0 weight 1 nexthop via 192.0.2.3 dev d0 weight 1", two);
            String many = ns.routes("10.20.16.0/24").getFirst();
            for (NextHop h : sixteen) assertTrue(many.contains("nexthop via " + h.gateway() + " dev d0"), many);

            KernelRoute back = dump.ours(KernelTable.defaults()).stream()
                    .filter(r -> r.prefix().equals(p("10.20.16.0/24"))).findFirst().orElseThrow();
            assertEquals(sixteen.stream().map(NextHop::gateway).collect(Collectors.toSet()),
                    back.nextHops().stream().map(NextHop::gateway).collect(Collectors.toSet()));
            assertEquals(20, back.metric());
            assertEquals(186, back.protocol());
        }
    }

    @Test
    void ipv6RoutesAndIpv4RoutesViaIpv6() throws Exception {
        try (KernelRouteWriter w = new KernelRouteWriter(socket, KernelTable.defaults())) {
            w.replace(p("2001:db8:100::/48"), via("2001:db8:1::2"));
            w.replace(p("2001:db8:200::/48"), via("2001:db8:1::2", "2001:db8:1::3"));
            w.replace(p("10.20.3.0/24"), via("2001:db8:1::4"));
            w.flush();
            assertEquals(List.of(), w.takeFailures());
            assertEquals(List.of("2001:db8:100::/48 via 2001:db8:1::2 dev d0 proto bgp metric 20 pref medium"),
                    ns.routes("2001:db8:100::/48"));
            String ecmp = ns.routes("2001:db8:200::/48").getFirst();
            assertTrue(ecmp.contains("nexthop via 2001:db8:1::2 dev d0") && ecmp.contains("nexthop via 2001:db8:1::3 dev d0"), ecmp);
            assertEquals(List.of("10.20.3.0/24 via inet6 2001:db8:1::4 dev d0 proto bgp metric 20"),
                    ns.routes("10.20.3.0/24"));
        }
    }

    @Test
    void tablesAboveAndBelow255AndTheMetric() throws Exception {
        try (KernelRouteWriter t100 = new KernelRouteWriter(socket, new KernelTable(100, 186, 0));
             KernelRouteWriter t1000 = new KernelRouteWriter(socket, new KernelTable(1000, 186, 77));
             RouteDump dump = new RouteDump(socket)) {
            t100.replace(p("10.20.4.0/24"), via("192.0.2.2"));
            t100.flush();
            t1000.replace(p("10.20.4.0/24"), via("192.0.2.3"));
            t1000.flush();
            assertEquals(List.of("10.20.4.0/24 via 192.0.2.2 dev d0 proto bgp"), ns.routes("10.20.0.0/16", "table", "100"));
            assertEquals(List.of("10.20.4.0/24 via 192.0.2.3 dev d0 proto bgp metric 77"), ns.routes("10.20.0.0/16", "table", "1000"));
            assertEquals(List.of(), ns.routes("10.20.0.0/16", "table", "main"));
            List<KernelRoute> back = dump.ours(new KernelTable(1000, 186, 77));
            assertEquals(1, back.size());
            assertEquals(1000, back.getFirst().table());
            assertEquals(77, back.getFirst().metric());
        }
    }

    @Test
    void withdrawRemovesOnlyOurRoute() throws Exception {
        // Same prefix, another protocol and metric; and a prefix that only someone else routes.
        ns.ip("route", "add", "10.20.5.0/24", "via", "192.0.2.9", "proto", "static", "metric", "100");
        ns.ip("route", "add", "10.20.6.0/24", "via", "192.0.2.9", "proto", "static", "metric", "20");
        try (KernelRouteWriter w = new KernelRouteWriter(socket, KernelTable.defaults())) {
            w.replace(p("10.20.5.0/24"), via("192.0.2.2"));
            w.flush();
            assertEquals(List.of(), w.takeFailures());
            assertEquals(3, ns.routes("10.20.0.0/16").size());
            w.withdraw(p("10.20.5.0/24"));
            w.withdraw(p("10.20.6.0/24")); // someone else's: must fail, not delete
            w.flush();
            List<RouteFailure> failures = w.takeFailures();
            assertEquals(1, failures.size());
            assertEquals(p("10.20.6.0/24"), failures.getFirst().prefix());
            assertEquals(Errno.ESRCH, failures.getFirst().errno());
            assertEquals(Set.of("10.20.5.0/24 via 192.0.2.9 dev d0 proto static metric 100",
                            "10.20.6.0/24 via 192.0.2.9 dev d0 proto static metric 20"),
                    Set.copyOf(ns.routes("10.20.0.0/16")));
        }
    }

    @Test
    void anUnreachableGatewayFailsOnlyItsOwnPrefix() throws Exception {
        try (KernelRouteWriter w = new KernelRouteWriter(socket, KernelTable.defaults())) {
            w.replace(p("10.20.7.0/24"), via("192.0.2.2"));
            w.replace(p("10.20.8.0/24"), via("203.0.113.1")); // no route to that gateway
            w.replace(p("10.20.9.0/24"), via("192.0.2.3"));
            w.flush();
            List<RouteFailure> failures = w.takeFailures();
            assertEquals(1, failures.size(), failures.toString());
            assertEquals(p("10.20.8.0/24"), failures.getFirst().prefix());
            assertEquals(Errno.ENETUNREACH, failures.getFirst().errno());
            assertEquals(1, w.failures(Errno.ENETUNREACH));
            assertEquals(List.of("10.20.7.0/24 via 192.0.2.2 dev d0 proto bgp metric 20",
                    "10.20.9.0/24 via 192.0.2.3 dev d0 proto bgp metric 20"), ns.routes("10.20.0.0/16"));
        }
    }

    @Test
    void manyBuffersInOneBatch() throws Exception {
        int count = 20_000;
        try (KernelRouteWriter w = new KernelRouteWriter(socket, KernelTable.defaults(), 16 << 10);
             RouteDump dump = new RouteDump(socket)) {
            for (int i = 0; i < count; i++) w.replace(IpPrefix.unpackV4(IpPrefix.packV4(0x0a140000 | i << 2, 30)), via("192.0.2.2"));
            w.flush();
            assertEquals(List.of(), w.takeFailures());
            assertEquals(count, dump.ours(KernelTable.defaults()).size());
            assertEquals(count, ns.routes("10.0.0.0/8").size()); // 10.20.0.0/30 .. 10.21.56.124/30
            for (int i = 0; i < count; i++) w.withdraw(IpPrefix.unpackV4(IpPrefix.packV4(0x0a140000 | i << 2, 30)));
            w.flush();
            assertEquals(List.of(), w.takeFailures());
            assertEquals(0, dump.ours(KernelTable.defaults()).size());
            assertEquals(2 * count, w.requestsSent());
        }
    }

    @Test
    void whatWeWriteIsWhatIpJsonReports() throws Exception {
        List<NextHop> sixteen = new ArrayList<>();
        for (int i = 0; i < 16; i++) sixteen.add(NextHop.via("192.0.2." + (10 + i)));
        try (KernelRouteWriter main = new KernelRouteWriter(socket, new KernelTable(254, 186, 20));
             KernelRouteWriter t100 = new KernelRouteWriter(socket, new KernelTable(100, 186, 0))) {
            main.replace(p("10.20.1.0/24"), via("192.0.2.2"));
            main.flush();
            main.replace(p("10.20.1.0/24"), via("192.0.2.3")); // replaced in place
            main.replace(p("10.20.2.0/24"), via("192.0.2.2", "192.0.2.3"));
            main.replace(p("10.20.16.0/24"), sixteen);
            main.replace(p("10.20.3.0/24"), via("2001:db8:1::4"));
            main.replace(p("2001:db8:100::/48"), via("2001:db8:1::2"));
            main.replace(p("2001:db8:200::/48"), via("2001:db8:1::2", "2001:db8:1::3"));
            main.flush();
            t100.replace(p("10.20.4.0/24"), via("192.0.2.2"));
            t100.flush();
            assertEquals(List.of(), main.takeFailures());
            assertEquals(List.of(), t100.takeFailures());
        }
        java.util.Map<String, String> expected = new java.util.TreeMap<>();
        expected.put("10.20.1.0/24", "table=main metric=20 via=[192.0.2.3]");
        expected.put("10.20.2.0/24", "table=main metric=20 via=[192.0.2.2, 192.0.2.3]");
        expected.put("10.20.16.0/24", "table=main metric=20 via=" + new java.util.TreeSet<>(sixteen.stream().map(h -> h.gateway().toString()).toList()));
        expected.put("10.20.3.0/24", "table=main metric=20 via=[2001:db8:1::4]");
        expected.put("10.20.4.0/24", "table=100 metric=0 via=[192.0.2.2]");
        expected.put("2001:db8:100::/48", "table=main metric=20 via=[2001:db8:1::2]");
        expected.put("2001:db8:200::/48", "table=main metric=20 via=[2001:db8:1::2, 2001:db8:1::3]");
        assertEquals(expected, ns.ourRoutesFromIpJson());
    }
}
