package org.jbgpd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.jbgpd.config.ConfigLoader;
import org.jbgpd.config.JbgpdConfig;
import org.junit.jupiter.api.Test;

class RibSizeTest {

    private static JbgpdConfig cfg(String peers) throws Exception {
        return ConfigLoader.parse("t.yaml", "routerId: 198.51.100.250\nasNumber: 64512\n" + peers, Path.of(".")).config();
    }

    @Test
    void calicoGatewayWithoutLimitsStartsSmall() throws Exception {
        RibSize s = RibSize.of(cfg("""
                peers:
                  - {name: rr1, address: 198.51.100.11}
                  - {name: rr2, address: 198.51.100.12}
                """));
        assertEquals(new RibSize(RibSize.DEFAULT_IPV4, RibSize.DEFAULT_IPV6), s);
    }

    @Test
    void fullTablePeerGetsItsArraysUpFrontPerFamilyItCarries() throws Exception {
        RibSize s = RibSize.of(cfg("""
                peers:
                  - {name: transit, address: 198.51.100.11, maxPrefixes: 1200000, families: [ipv4]}
                  - {name: small, address: 198.51.100.12, maxPrefixes: 500, families: [ipv4, ipv6]}
                neighborRanges:
                  - {name: nodes, range: 198.51.100.0/24, asNumber: 64512, maxPrefixes: 300000, families: [ipv6]}
                """));
        assertEquals(new RibSize(1_200_000, 300_000), s);
    }

    @Test
    void absurdLimitIsCapped() throws Exception {
        RibSize s = RibSize.of(cfg("""
                peers:
                  - {name: rr1, address: 198.51.100.11, maxPrefixes: 2000000000}
                """));
        assertEquals(RibSize.MOST, s.ipv4());
    }
}
