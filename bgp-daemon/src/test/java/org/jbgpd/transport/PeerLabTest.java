package org.jbgpd.transport;

import org.jbgpd.testsupport.Privileges;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab every interop test starts its peer daemon in is finished when {@link PeerLab#create} returns: both veth ends
 * have carrier and their IPv6 link-local address. Before, create returned right after "link set up", the carrier and
 * the link-local address came up to a second later, and bird6 started in that gap dropped its direct eBGP neighbor
 * with Cease 6/0 when they came ("Neighbor lost"; InteropEstablishTest.ebgpWithFourOctetAsOverIpv6[BIRD 1.6], ADR 0113).
 */
class PeerLabTest {

    @Test
    void bothVethEndsHaveCarrierAndLinkLocalAddressWhenCreateReturns() {
        Privileges.requireRoot();
        Privileges.requireProgram("ip", "apt-get install iproute2");
        try (PeerLab lab = PeerLab.create(false)) {
            for (String ns : new String[] {lab.j, lab.p}) {
                String links = PeerLab.run("ip", "-n", ns, "-o", "link", "show", "type", "veth");
                assertTrue(links.contains(" state UP "), ns + ": " + links);
                String linkLocal = PeerLab.run("ip", "-n", ns, "-o", "-6", "addr", "show", "scope", "link");
                assertTrue(linkLocal.contains("fe80::"), ns + ": no link-local address yet: " + linkLocal);
                assertFalse(linkLocal.contains("tentative"), ns + ": " + linkLocal);
            }
        }
    }
}
