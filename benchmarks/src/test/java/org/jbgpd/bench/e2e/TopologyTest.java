package org.jbgpd.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jbgpd.testsupport.Privileges;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness starts the BIRD 2 feeder (and, in the IPv6 scenarios, bird6 as a receiver) right after building its
 * topology, so both veth ends must have carrier and a usable IPv6 link-local address when {@link Topology#create}
 * returns: bird6 started before the address came dropped its session ("Neighbor lost", ADR 0113's addendum).
 * Before the wait, create returned with the link-local address missing or tentative (DAD) on every run.
 */
class TopologyTest {
    /** Own names per test JVM, and not E2eHarnessTest's. */
    private static final String PREFIX = "jb-bt-" + Long.toString(ProcessHandle.current().pid(), 36);

    @Test
    void bothVethEndsHaveCarrierAndLinkLocalAddressWhenCreateReturns(@TempDir Path dir) {
        Privileges.requireRoot();
        Privileges.requireProgram("ip", "apt-get install iproute2");
        try (Topology t = Topology.create(PREFIX, dir)) {
            for (String[] end : new String[][] {{t.feederNs, t.feederIf}, {t.receiverNs, t.receiverIf}}) {
                String link = Commands.check("ip", "-n", end[0], "-o", "link", "show", "dev", end[1]);
                assertTrue(link.contains(" state UP "), end[0] + ": no carrier yet: " + link);
                String linkLocal = Commands.check("ip", "-n", end[0], "-o", "-6", "addr", "show", "dev", end[1], "scope", "link");
                assertTrue(linkLocal.contains("fe80::"), end[0] + ": no link-local address yet: " + linkLocal);
                assertFalse(linkLocal.contains("tentative"), end[0] + ": " + linkLocal);
            }
        }
    }
}
