package org.jbgpd.lab;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Check 8: TCP MD5 (RFC 2385) on the gateway sessions. The right key: sessions up and routes in
 * (the inherited checks 1-3, iBGP mode). A wrong key on the gateway: no session, and a log line
 * that names each peer.
 */
class Md5GatewayIT extends GatewayChecks {
    @Override Lab.Mode mode() { return Lab.Mode.IBGP; }

    @Override String md5() { return "lab-md5-key"; }

    // Checks 4-7 do not depend on MD5 and run in IbgpGatewayIT; overriding them without @Test
    // leaves them out here, which keeps CI within its time.
    @Override void aStoppedNodesBlocksLeaveTheKernel() {}
    @Override void aNewBlockReachesTheKernelWithinOneSecond() {}
    @Override void routesAndAClientConnectionSurviveJbgpdRestarts() {}

    private long wrongKeyLogStart = -1;

    @Test @Order(9)
    void aWrongKeyGivesNoSession() throws Exception {
        jbgpd.terminate(Duration.ofSeconds(30));
        Path key = lab.stateDir().resolve("gw/md5.key");
        Files.writeString(key, "not-the-key");
        wrongKeyLogStart = jbgpd.logText().length();
        jbgpd.start();
        // jbgpd names a peer once it has been down 10 s (checked every 5 s); start-up itself can
        // take 15 s on a loaded machine, so wait for the lines rather than a fixed time.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!namesEveryUnreachablePeer(newLog()) && System.nanoTime() < deadline) Thread.sleep(500);
        for (LabTopology.Node rr : topo.reflectors()) {
            String line = lab.birdSession(rr.name(), topo.gatewayNodeIp());
            assertTrue(!line.contains("Established"), rr.name() + " Established with a wrong key: " + line);
        }
        System.out.println("jbgpd log with the wrong key:\n" + newLog());
    }

    private String newLog() {
        return jbgpd.logText().substring((int) wrongKeyLogStart);
    }

    private boolean namesEveryUnreachablePeer(String log) {
        return topo.reflectors().stream().allMatch(rr -> log.lines().anyMatch(
                line -> line.contains("peer " + rr.name() + " (" + rr.address() + ")") && line.contains("not established")));
    }

    @Test @Order(10)
    void aWrongKeyLeavesALogLineNamingEachPeer() {
        assertTrue(wrongKeyLogStart >= 0, "runs after aWrongKeyGivesNoSession");
        String newLog = newLog();
        assertTrue(namesEveryUnreachablePeer(newLog), "the log does not name each peer it cannot reach:\n" + newLog);
    }
}
