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
        Thread.sleep(25_000); // jbgpd names a peer once it has been down 10 s, checking every 5 s
        for (LabTopology.Node rr : topo.reflectors()) {
            String line = lab.birdSession(rr.name(), topo.gatewayNodeIp());
            assertTrue(!line.contains("Established"), rr.name() + " Established with a wrong key: " + line);
        }
        System.out.println("jbgpd log with the wrong key:\n" + jbgpd.logText().substring((int) wrongKeyLogStart));
    }

    @Test @Order(10)
    void aWrongKeyLeavesALogLineNamingEachPeer() {
        assertTrue(wrongKeyLogStart >= 0, "runs after aWrongKeyGivesNoSession");
        String newLog = jbgpd.logText().substring((int) wrongKeyLogStart);
        assertTrue(topo.reflectors().stream().allMatch(rr -> newLog.contains(rr.address()) || newLog.contains("peer " + rr.name())),
                "the log does not name the peers it cannot reach:\n" + newLog);
    }
}
