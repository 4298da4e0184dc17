package org.jbgpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

    private static final String BASE = """
            routerId: 198.51.100.250
            asNumber: 64512
            peers:
              - {name: rr1, address: 198.51.100.11, importPolicy: pods}
              - {name: rr2, address: 198.51.100.12, importPolicy: pods}
              - {name: rr3, address: 198.51.100.13}
            policies:
              pods: [{action: accept, prefix: 10.20.0.0/16, maxLength: 32}]
            """;

    private static JbgpdConfig cfg(String yaml) throws ConfigException {
        return ConfigLoader.parse("t.yaml", yaml, Path.of(".")).config();
    }

    private static List<String> names(List<PeerConfig> peers) {
        return peers.stream().map(PeerConfig::name).toList();
    }

    @Test
    void sameConfigIsNoChange() throws Exception {
        assertTrue(ConfigDiff.between(cfg(BASE), cfg(BASE)).isEmpty());
    }

    @Test
    void classifiesPeersByWhatAReloadMustDo() throws Exception {
        ConfigDiff d = ConfigDiff.between(cfg(BASE), cfg("""
                routerId: 198.51.100.250
                asNumber: 64512
                peers:
                  - {name: rr1, address: 198.51.100.11, importPolicy: pods, holdTime: 30}
                  - {name: rr2, address: 198.51.100.12, importPolicy: pods}
                  - {name: rr4, address: 198.51.100.14}
                policies:
                  pods: [{action: accept, prefix: 10.20.0.0/16, maxLength: 28}]
                """));
        assertEquals(List.of("rr4"), names(d.addedPeers()));
        assertEquals(List.of("rr3"), names(d.removedPeers()));
        assertEquals(List.of("rr1"), names(d.resetPeers()), "hold time is a session parameter");
        assertEquals(List.of("rr2"), names(d.policyPeers()), "only its policy's rules changed");
        assertTrue(d.restartNeeded().isEmpty());
        assertEquals("added rr4; removed rr3; reset rr1; policy re-evaluated for rr2", d.summary());
    }

    @Test
    void routerIdChangeNeedsRestart() throws Exception {
        ConfigDiff d = ConfigDiff.between(cfg(BASE), cfg(BASE.replace("198.51.100.250", "198.51.100.251")));
        assertEquals(List.of("routerId"), d.restartNeeded());
    }
}
