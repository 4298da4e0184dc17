package org.jbgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Set;
import org.jbgpd.config.ConfigLoader;
import org.jbgpd.config.JbgpdConfig;
import org.jbgpd.wire.IpAddress;
import org.junit.jupiter.api.Test;

/** Whose End-of-RIB ends the selection deferral of a restart (routes of ours found in the kernel). */
class RestartDeferralPeersTest {

    private static JbgpdConfig cfg(String rest) throws Exception {
        return ConfigLoader.parse("t.yaml", "routerId: 198.51.100.250\nasNumber: 64512\n" + rest, Path.of(".")).config();
    }

    private static Set<IpAddress> ips(String... a) {
        return java.util.Arrays.stream(a).map(IpAddress::parse).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void withConfiguredPeersTheyAreWhatTheRestartWaitsFor() throws Exception {
        JbgpdConfig c = cfg("""
                peers:
                  - {name: rr1, address: 198.51.100.11}
                  - {name: rr2, address: 198.51.100.12}
                neighborRanges:
                  - {name: nodes, range: 198.51.100.0/24, asNumber: 64512}
                """);
        // Behind reflectors the next hops are nodes that never peer with us: waiting for them would hold the restart 120 s.
        assertEquals(ips("198.51.100.11", "198.51.100.12"), Daemon.restartDeferralPeers(c, ips("198.51.100.21", "198.51.100.22")));
    }

    @Test
    void withDynamicNeighborsOnlyTheGatewaysOfTheEarlierRunInARangeAreWaitedFor() throws Exception {
        JbgpdConfig c = cfg("""
                neighborRanges:
                  - {name: nodes, range: 198.51.100.0/24, asNumber: 64512}
                """);
        assertEquals(ips("198.51.100.21", "198.51.100.22"),
                Daemon.restartDeferralPeers(c, ips("198.51.100.21", "198.51.100.22", "203.0.113.9", "2001:db8::21")));
    }

    @Test
    void withNoGatewayInARangeOnlyTheTimerEndsTheWait() throws Exception {
        JbgpdConfig c = cfg("""
                neighborRanges:
                  - {name: nodes, range: 198.51.100.0/24, asNumber: 64512}
                """);
        assertEquals(Set.of(), Daemon.restartDeferralPeers(c, ips("203.0.113.9")));
    }
}
