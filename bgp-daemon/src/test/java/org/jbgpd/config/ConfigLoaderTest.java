package org.jbgpd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static LoadedConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse("test.yaml", yaml, Path.of("."));
    }

    private static List<String> errors(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
        return e.errors().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void minimalCalicoGatewayGetsWorkingDefaults() throws Exception {
        LoadedConfig loaded = parse("""
                routerId: 198.51.100.250
                asNumber: 64512
                peers:
                  - {name: rr1, address: 198.51.100.11}
                """);
        JbgpdConfig c = loaded.config();
        assertTrue(loaded.warnings().isEmpty(), loaded.warnings().toString());
        PeerConfig rr1 = c.peers().getFirst();
        assertEquals(64512, rr1.session().asNumber(), "peer AS defaults to ours: iBGP as Calico uses");
        assertEquals(90, rr1.session().holdTime());
        assertEquals(30, rr1.session().keepaliveTime());
        assertEquals(Set.of(Family.IPV4_UNICAST), rr1.session().families());
        assertFalse(rr1.session().passive());
        assertTrue(rr1.session().gracefulRestart().enabled());
        assertNull(rr1.importPolicy());
        assertEquals(new ListenConfig(true, IpAddress.parse("::"), 179), c.listen());
        assertEquals(new KernelConfig(true, 254, 186, 20, true, true), c.kernel());
        assertEquals(Path.of("/run/jbgpd/jbgpd.sock"), c.control().socket());
        assertEquals(new MetricsConfig(true, IpAddress.parse("127.0.0.1"), 9179), c.metrics());
        assertEquals(LoggingConfig.Level.INFO, c.logging().level());
    }

    @Test
    void kernelNexthopObjectsCanBeTurnedOnAndOff() throws Exception {
        String base = """
                routerId: 198.51.100.250
                asNumber: 64512
                kernel: {nexthopObjects: %s}
                """;
        assertTrue(parse(base.formatted("true")).config().kernel().nexthopObjects());
        assertFalse(parse(base.formatted("false")).config().kernel().nexthopObjects());
        assertEquals(List.of("test.yaml:3:26: kernel.nexthopObjects must be true or false"), errors(base.formatted("maybe")));
    }

    @Test
    void reportsEveryErrorInOnePassWithLineAndColumn() {
        List<String> errors = errors("""
                routerId: 198.51.100.250
                asNumber: 4294967296
                peers:
                  - name: rr1
                    address: 198.51.100.11
                    holdtime: 90
                    holdTime: 2
                    importPolicy: podz
                  - name: rr1
                    address: 198.51.100.11
                policies:
                  pods:
                    - {action: accept, prefix: 10.20.0.1/16}
                """);
        assertEquals(List.of(
                "test.yaml:2:11: asNumber is 4294967296, must be in 1..4294967295",
                "test.yaml:6:5: unknown key peers[0].holdtime (did you mean holdTime?)",
                "test.yaml:7:15: peers[0].holdTime must be 0 (no keepalives) or 3..65535 seconds (RFC 4271 4.2)",
                "test.yaml:8:19: policy podz is not defined under policies (did you mean pods?)",
                "test.yaml:9:11: name rr1 is already used at line 4",
                "test.yaml:10:14: peer address 198.51.100.11 is already used at line 5",
                "test.yaml:13:32: policies.pods rule.prefix: 10.20.0.1/16 has host bits set (did you mean 10.20.0.0/16?)"),
                errors);
    }

    @Test
    void requiredKeysAndTypes() {
        List<String> errors = errors("""
                asNumber: sixty
                peers:
                  - {name: a, address: 198.51.100.300, passive: maybe, families: [ipv4, ipv7]}
                  - {address: 2001:db8::1, ttlSecurity: -1}
                kernel: {protocol: 186, keepOnExits: true}
                logging: {level: verbose}
                """);
        assertEquals(List.of(
                "test.yaml:1:1: routerId is required (an IPv4 address, usually this host's own)",
                "test.yaml:1:11: asNumber must be a whole number in 1..4294967295",
                "test.yaml:3:24: peers[0].address: not an IP address: 198.51.100.300",
                "test.yaml:3:49: peers[0].passive must be true or false",
                "test.yaml:3:73: peers[0].families: unknown family ipv7, use ipv4 or ipv6 (did you mean ipv4?)",
                "test.yaml:4:5: peers[1].name is required",
                "test.yaml:4:41: peers[1].ttlSecurity is -1, must be in 0..254",
                "test.yaml:5:25: unknown key kernel.keepOnExits (did you mean keepOnExit?)",
                "test.yaml:6:18: logging.level must be one of error, warn, info, debug, trace"),
                errors);
    }

    /** The remaining error classes, each located at the value (or key) that is wrong. */
    @Test
    void everyOtherErrorClassIsLocated() {
        List<String> errors = errors("""
                routerId: 2001:db8::1
                asNumber: 64512
                peers:
                  - {name: a, address: 192.0.2.1, sourceAddress: 2001:db8::2, holdTime: 9, keepaliveTime: 9, families: []}
                  - {name: b}
                  - {name: c, address: 192.0.2.3, asNumber: 64512, asNumber: 64513}
                  - {name: d, address: [192.0.2.4]}
                  - {name: "", address: 192.0.2.5}
                neighborRanges:
                  - {name: r, passive: false}
                policies:
                  all: []
                  pods: {action: accept}
                  nodes:
                    - {prefix: 10.20.0.0/16}
                    - {action: accept, maxLength: 24}
                    - {action: accept, prefix: 10.20.0.0/16, minLength: 8}
                announce:
                  - {nextHop: 192.0.2.9}
                  - {prefix: 203.0.113.0/24, nextHop: 2001:db8::9}
                control: {mode: "0777"}
                kernel: 5
                logging: {level: [info]}
                metrics: {port: 9179, address: 127.0.0.1, enabled: yes, ? [x] : y}
                """);
        assertEquals(List.of(
                "test.yaml:1:11: routerId must be an IPv4 address (a 32-bit BGP identifier), not 2001:db8::1",
                "test.yaml:4:50: sourceAddress 2001:db8::2 is not of the same family as address 192.0.2.1",
                "test.yaml:4:91: peers[0].keepaliveTime 9 must be less than holdTime 9 (one third is usual)",
                "test.yaml:4:104: peers[0].families must name at least one of ipv4, ipv6",
                "test.yaml:5:5: peers[1].address is required",
                "test.yaml:6:52: duplicate key peers[2].asNumber",
                "test.yaml:7:24: peers[3].address must be a single value",
                "test.yaml:8:6: peers[4].name must not be empty",
                "test.yaml:10:5: neighborRanges[0].range is required",
                "test.yaml:10:24: neighborRanges are always passive: jbgpd cannot connect to a whole range",
                "test.yaml:12:3: policy name all is built in; choose another name",
                "test.yaml:13:9: policies.pods must be a list of rules",
                "test.yaml:15:7: policies.nodes rule needs action: accept or reject",
                "test.yaml:16:24: minLength and maxLength need a prefix",
                "test.yaml:17:57: minLength 8 is shorter than the prefix 10.20.0.0/16",
                "test.yaml:19:5: announce[0].prefix is required",
                "test.yaml:20:39: announce[1].nextHop 2001:db8::9 is not of the family of 203.0.113.0/24",
                "test.yaml:21:17: control.mode must be 0600, 0660 or 0666 (octal, quoted: \"0660\")",
                "test.yaml:22:9: kernel must be a mapping of keys to values",
                "test.yaml:23:18: logging.level must be a single value",
                "test.yaml:24:59: keys must be plain names"),
                errors);
    }

    @Test
    void emptyFileAndZeroRouterIdAreErrors() {
        assertEquals(List.of("test.yaml:1:1: the file is empty: routerId, asNumber and at least one peer or neighborRange are needed"), errors(""));
        assertEquals(List.of("test.yaml:1:11: routerId must not be 0.0.0.0"), errors("""
                routerId: 0.0.0.0
                asNumber: 64512
                peers: [{name: a, address: 192.0.2.1}]
                """));
    }

    @Test
    void yamlSyntaxErrorIsLocated() {
        List<String> errors = errors("""
                routerId: 198.51.100.250
                peers: [ {name: a
                """);
        assertEquals(1, errors.size());
        assertTrue(errors.getFirst().startsWith("test.yaml:3:1: YAML syntax: "), errors.getFirst());
    }

    @Test
    void ebgpPeerWithoutImportPolicyWarnsAboutRfc8212() throws Exception {
        LoadedConfig loaded = parse("""
                routerId: 198.51.100.250
                asNumber: 7675
                peers:
                  - {name: node1, address: 198.51.100.21, asNumber: 64512}
                """);
        assertEquals(1, loaded.warnings().size());
        String w = loaded.warnings().getFirst().toString();
        assertTrue(w.startsWith("test.yaml:4:5: warning: eBGP peer node1 has no importPolicy"), w);
        assertTrue(w.contains("RFC 8212"), w);
    }

    @Test
    void policyRuleLengthsAndBuiltInNames() throws Exception {
        JbgpdConfig c = parse("""
                routerId: 198.51.100.250
                asNumber: 64512
                peers:
                  - {name: rr1, address: 198.51.100.11, importPolicy: pods, exportPolicy: none}
                policies:
                  pods:
                    - {action: accept, prefix: 10.20.0.0/16, maxLength: 32}
                    - {action: reject}
                """).config();
        PolicyRule accept = c.policies().get("pods").rules().getFirst();
        assertTrue(accept.matches(IpPrefix.parse("10.20.3.64/26")));
        assertFalse(accept.matches(IpPrefix.parse("10.21.0.0/26")));
        assertFalse(accept.matches(IpPrefix.parse("10.0.0.0/8")));
        assertEquals(PolicyRule.Action.REJECT, c.policies().get("pods").rules().get(1).action());

        assertEquals(List.of("test.yaml:4:46: maxLength 8 is less than minLength 16"), errors("""
                routerId: 198.51.100.250
                asNumber: 64512
                policies:
                  p: [{action: accept, prefix: 10.20.0.0/16, maxLength: 8}]
                """));
    }

    @Test
    void passwordFileMustExistAndShouldBePrivate() throws Exception {
        Path key = dir.resolve("rr1.key");
        Files.writeString(key, "s3cret-never-logged");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        String yaml = """
                routerId: 198.51.100.250
                asNumber: 64512
                peers:
                  - {name: rr1, address: 198.51.100.11, passwordFile: rr1.key}
                  - {name: rr2, address: 198.51.100.12, passwordFile: missing.key}
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("t.yaml", yaml, dir));
        assertEquals(List.of("t.yaml:5:55: peers[1].passwordFile: " + dir.resolve("missing.key") + " does not exist or is not a file"),
                e.errors().stream().map(ConfigProblem::toString).toList());
        assertTrue(e.getMessage().contains("t.yaml:4:55: warning: peers[0].passwordFile: " + key + " is readable by group or others"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), "the key must never appear in messages");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        LoadedConfig ok = ConfigLoader.parse("t.yaml", yaml.lines().limit(4).reduce("", (a, b) -> a + b + "\n"), dir);
        assertTrue(ok.warnings().isEmpty());
        assertEquals(key, ok.config().peers().getFirst().session().passwordFile());
        assertFalse(ok.config().toString().contains("s3cret"));
    }

    @Test
    void neighborRangesAreNamedUniquelyAndPassive() throws Exception {
        JbgpdConfig c = parse("""
                routerId: 198.51.100.250
                asNumber: 64512
                neighborRanges:
                  - {name: nodes, range: 198.51.100.0/24}
                """).config();
        assertTrue(c.neighborRanges().getFirst().session().passive());
        assertEquals(List.of("test.yaml:5:12: name nodes is already used at line 4",
                        "test.yaml:5:26: neighborRanges[1].range: 198.51.100.1/24 has host bits set (did you mean 198.51.100.0/24?)"),
                errors("""
                routerId: 198.51.100.250
                asNumber: 64512
                neighborRanges:
                  - {name: nodes, range: 198.51.100.0/24}
                  - {name: nodes, range: 198.51.100.1/24}
                """));
    }

    @Test
    void everyShippedExampleLoads() throws Exception {
        Path configDir = Path.of("..", "config");
        List<Path> files;
        try (var s = Files.list(configDir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertEquals(List.of("calico-dynamic-neighbors.yaml", "calico-ebgp-switch.yaml", "calico-ibgp-rr.yaml", "jbgpd.yaml"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path f : files) {
            LoadedConfig loaded = ConfigLoader.load(f);
            assertTrue(loaded.warnings().isEmpty(), f + ": " + loaded.warnings());
        }
        JbgpdConfig ebgp = ConfigLoader.load(configDir.resolve("calico-ebgp-switch.yaml")).config();
        assertEquals(7675, ebgp.asNumber());
        assertTrue(ebgp.peers().stream().noneMatch(p -> p.isInternal(ebgp.asNumber())));
        JbgpdConfig rr = ConfigLoader.load(configDir.resolve("calico-ibgp-rr.yaml")).config();
        assertEquals(List.of("rr1", "rr2"), rr.peers().stream().map(PeerConfig::name).toList());
    }
}
