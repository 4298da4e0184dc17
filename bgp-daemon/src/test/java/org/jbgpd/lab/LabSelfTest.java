package org.jbgpd.lab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The lab proves itself before any jbgpd runs in it: BIRD reflectors and workers peer the way
 * Calico configures them, the reflectors hold every block with its worker as next hop (and the
 * service /32 from all three), pods answer across nodes, and the lab's operations (a new block,
 * a stopped worker) reach the reflectors. The jbgpd end-to-end checks build on exactly this.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabSelfTest {
    private static Lab lab;
    private static LabTopology topo;

    @BeforeAll
    static void up() {
        Lab.requirePrerequisites();
        lab = Lab.up(Lab.Mode.IBGP, null);
        topo = lab.topology();
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    @Test @Order(1)
    void reflectorsAreEstablishedWithEveryOtherNode() {
        List<String> notUp = new ArrayList<>();
        for (LabTopology.Node rr : topo.reflectors()) {
            List<LabTopology.Node> others = new ArrayList<>(topo.workers());
            topo.reflectors().stream().filter(o -> !o.name().equals(rr.name())).forEach(others::add);
            for (LabTopology.Node other : others) {
                String line = lab.birdSession(rr.name(), other.address());
                if (!line.contains("Established")) notUp.add(rr.name() + " -> " + other.name() + ": " + line);
            }
        }
        assertTrue(notUp.isEmpty(), "sessions not Established: " + notUp);
    }

    @Test @Order(2)
    void reflectorsHoldEveryBlockWithItsWorkerAsNextHop() throws InterruptedException {
        Map<String, List<String>> expected = topo.expectedRoutes();
        for (LabTopology.Node rr : topo.reflectors()) {
            // Borrowed /32s reach BIRD through its kernel scan (every 2 s): allow a few scans. The service /32 is
            // there as soon as one worker's path arrived, so wait for every prefix's full set of next hops.
            RouteTable routes = awaitRoutes(rr.name(), expected, 30_000);
            for (var e : expected.entrySet()) {
                assertEquals(new TreeSet<>(e.getValue()), routes.via(e.getKey()),
                        rr.name() + " next hops of " + e.getKey() + " in " + routes);
            }
        }
    }

    @Test @Order(3)
    void podsAnswerFromOtherNodesThroughBirdRoutes() {
        List<LabTopology.Node> workers = topo.workers();
        for (int i = 0; i < workers.size(); i++) {
            LabTopology.Node w = workers.get(i);
            LabTopology.Node asker = workers.get((i + 1) % workers.size());
            for (String pod : w.pods()) {
                Shell.Result r = lab.httpGet(asker.podsNamespace(), pod);
                assertTrue(r.ok() && r.stdout().contains("pod " + pod + " on " + w.name()),
                        "pod " + pod + " on " + w.name() + " did not answer " + asker.name() + ": " + r.describe());
            }
        }
    }

    @Test @Order(4)
    void aNewBlockReachesTheReflectors() throws InterruptedException {
        String pod = lab.sh(Lab.SHORT, "add-block", "w3", "10.20.3.64/26").strip();
        assertEquals("10.20.3.65", pod);
        for (LabTopology.Node rr : topo.reflectors()) {
            RouteTable routes = awaitRoutes(rr.name(), Map.of("10.20.3.64/26", List.of(topo.worker("w3").address())), 30_000);
            assertEquals(Set.of(topo.worker("w3").address()), routes.via("10.20.3.64/26"));
        }
        Shell.Result r = lab.httpGet(topo.worker("w1").podsNamespace(), pod);
        assertTrue(r.ok() && r.stdout().contains("pod " + pod + " on w3"), r.describe());
    }

    @Test @Order(5)
    void aStoppedWorkersBlocksLeaveTheReflectors() throws InterruptedException {
        lab.sh(Lab.SHORT, "stop-bird", "w2");
        Set<String> serviceWithoutW2 = Set.of(topo.worker("w1").address(), topo.worker("w3").address());
        long deadline = System.currentTimeMillis() + 30_000;
        RouteTable routes;
        do {
            routes = lab.birdRoutes("rr1");
            if (!routes.prefixes().contains("10.20.2.0/26") && routes.via(topo.serviceIp() + "/32").equals(serviceWithoutW2)) break;
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        assertTrue(!routes.prefixes().contains("10.20.2.0/26"), "w2's block still on rr1: " + routes);
        assertEquals(serviceWithoutW2, routes.via(topo.serviceIp() + "/32"), "service next hops once w2 is gone");
    }

    /** Waits until {@code node} holds each of the prefixes with exactly the given next hops (other routes may exist). */
    private static RouteTable awaitRoutes(String node, Map<String, List<String>> want, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        RouteTable routes;
        do {
            RouteTable now = lab.birdRoutes(node);
            routes = now;
            if (want.entrySet().stream().allMatch(e -> now.via(e.getKey()).equals(new TreeSet<>(e.getValue())))) return routes;
            Thread.sleep(250);
        } while (System.currentTimeMillis() < deadline);
        fail(node + " lacks " + want + " after " + millis + " ms: " + routes);
        return routes;
    }
}
