package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.NextHop;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.fib.NextHopState;
import org.jbgpd.testsupport.Privileges;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Recursive next-hop resolution with a real second router: the gateway namespace reaches the
 * router's loopback (the BGP next hop) only through an IGP-style route via the router's link
 * address; the BGP route must be installed via that link address, and packets must reach the
 * router. The link going down takes the route out and reports the next hop unreachable; the link
 * and the IGP route coming back put it back.
 */
class RecursiveNextHopAcrossRouterTest {
    private static final IpAddress LOOPBACK = IpAddress.parse("198.51.100.7");

    private TestNamespace gateway;
    private TestNamespace router;
    private NetlinkFib fib;
    private final NetlinkFibTest.Recorder recorder = new NetlinkFibTest.Recorder();

    @BeforeEach
    void setUp() {
        Privileges.requireRoot();
        Privileges.requireProgram("ip", "apt-get install iproute2");
        Privileges.requireProgram("nc", "apt-get install netcat-openbsd");
        gateway = TestNamespace.create();
        router = TestNamespace.create();
        gateway.ip("link", "add", "up0", "type", "veth", "peer", "name", "down0", "netns", router.name);
        gateway.ip("addr", "add", "192.0.2.1/24", "dev", "up0");
        gateway.ip("link", "set", "up0", "up");
        router.ip("addr", "add", "192.0.2.2/24", "dev", "down0");
        router.ip("link", "set", "down0", "up");
        router.ip("addr", "add", "198.51.100.7/32", "dev", "lo"); // the router's loopback: the BGP next hop
        router.ip("addr", "add", "10.20.1.1/32", "dev", "lo");    // an address behind the router (a pod)
        igpRoute();
    }

    /** What an IGP would install: the router's loopback via its link address. */
    private void igpRoute() {
        gateway.ip("route", "replace", "198.51.100.7/32", "via", "192.0.2.2", "proto", "static", "metric", "5");
    }

    @AfterEach
    void tearDown() {
        if (fib != null) fib.close();
        if (gateway != null) gateway.close();
        if (router != null) router.close();
    }

    /** nc's verdict on a TCP connect from the gateway namespace: "refused" means the router answered. */
    private String connect(String address) {
        try {
            Process p = new ProcessBuilder("ip", "netns", "exec", gateway.name, "nc", "-z", "-v", "-w", "2", address, "7")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            return out.contains("refused") ? "refused" : out.contains("unreachable") ? "unreachable" : out.trim();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aNextHopBehindARouterIsResolvedThroughTheIgpRouteAndFollowsTheLink() throws Exception {
        fib = NetlinkFib.start(new NetlinkFib.Settings(KernelTable.defaults(), true, Duration.ofSeconds(2), gateway.path()));
        fib.connect(recorder);
        fib.watch(LOOPBACK);
        FibBatch batch = FibBatch.builder(1).replace(IpPrefix.parse("10.20.1.0/24"), NextHopSet.of(NextHop.of(LOOPBACK))).build();
        fib.submit(batch);
        eventually("batch applied", () -> recorder.applied.containsKey(1L));
        assertEquals(0, recorder.applied.get(1L));

        assertEquals(Map.of("10.20.1.0/24", "table=main metric=20 via=[192.0.2.2]"), gateway.ourRoutesFromIpJson());
        eventually("next hop reported", () -> recorder.states.containsKey(LOOPBACK));
        assertEquals(NextHopState.reachable(LOOPBACK, 5), recorder.states.get(LOOPBACK), "the IGP route's metric is the cost");
        assertEquals("refused", connect("10.20.1.1"), "a TCP SYN reached the router and its RST came back");

        gateway.ip("link", "set", "up0", "down");
        eventually("next hop reported unreachable", () -> !recorder.states.get(LOOPBACK).reachable());
        eventually("route taken out", () -> gateway.ourRoutesFromIpJson().isEmpty());
        assertEquals("unreachable", connect("10.20.1.1"));

        gateway.ip("link", "set", "up0", "up");
        igpRoute(); // IPv4 dropped the IGP route with the link; the IGP puts it back
        eventually("route back", () -> gateway.ourRoutesFromIpJson().equals(Map.of("10.20.1.0/24", "table=main metric=20 via=[192.0.2.2]")));
        eventually("next hop reported reachable", () -> recorder.states.get(LOOPBACK).reachable());
        assertEquals("refused", connect("10.20.1.1"));
        assertFalse(gateway.ourRoutesFromIpJson().isEmpty());
        assertTrue(fib.stats().replaceErrors() == 0, fib.stats().toString());
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("gave up waiting for: " + what);
            Thread.sleep(50);
        }
    }
}
