package org.jbgpd.lab;

import org.jbgpd.testsupport.Privileges;
import org.jbgpd.testsupport.Processes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IPv6 routes from FRR 8.4 (bgpd + zebra) over an IPv4 session, FRR's interface without a global IPv6 address: FRR
 * sends its link-local address as the next hop, and jbgpd must install the route through the interface the session
 * runs over (ADR 0140). The gateway has a second link with fe80::/64 (as docker0 would be), made first so that the
 * kernel's own lookup of FRR's address goes out of it: a route installed by that lookup would go nowhere.
 */
class FrrLinkLocalNextHopIT {

    private static final Path LAUNCHER = Path.of("target", "jbgpd", "bin", "jbgpd").toAbsolutePath();
    private static final Path ZEBRA = Path.of("/usr/lib/frr/zebra");
    private static final Path BGPD = Path.of("/usr/lib/frr/bgpd");
    private static final String SUFFIX = "-" + ProcessHandle.current().pid();
    private static final String GW = "jb-ll-gw" + SUFFIX;
    private static final String FRR = "jb-ll-frr" + SUFFIX;
    private static final Duration SHORT = Duration.ofSeconds(30);
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final String V6_PREFIX = "2001:db8:70::/48";

    private Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void down() throws IOException {
        for (Process p : processes.reversed()) Processes.stop(p);
        for (String ns : List.of(GW, FRR)) Shell.run(SHORT, "ip", "netns", "del", ns);
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void frrsLinkLocalNextHopIsInstalledOnTheSessionsInterface() throws Exception {
        Privileges.requireRoot();
        Privileges.require(Files.isExecutable(ZEBRA) && Files.isExecutable(BGPD), "FRR not installed (apt-get install frr)");
        Privileges.require(Files.isExecutable(LAUNCHER), "jbgpd launcher not built at " + LAUNCHER + " (run ./mvnw verify, not test)");
        dir = Files.createTempDirectory("jb-ll-");
        dir.toFile().setWritable(true, false); // FRR's daemons run as user frr and write their sockets here
        dir.toFile().setExecutable(true, false);
        dir.toFile().setReadable(true, false);
        for (String ns : List.of(GW, FRR)) {
            Shell.run(SHORT, "ip", "netns", "del", ns);
            sh("ip", "netns", "add", ns);
            sh("ip", "-n", ns, "link", "set", "lo", "up");
        }
        sh("ip", "-n", GW, "link", "add", "dock0", "type", "veth", "peer", "name", "dock0p");
        for (String dev : List.of("dock0", "dock0p")) sh("ip", "-n", GW, "link", "set", dev, "up");
        sh("ip", "link", "add", "up0", "netns", GW, "type", "veth", "peer", "name", "eth0", "netns", FRR);
        sh("ip", "-n", GW, "addr", "add", "192.0.2.1/24", "dev", "up0");
        sh("ip", "-n", FRR, "addr", "add", "192.0.2.2/24", "dev", "eth0");
        sh("ip", "-n", GW, "link", "set", "up0", "up");
        sh("ip", "-n", FRR, "link", "set", "eth0", "up");
        String frrLinkLocal = await("FRR's link-local address usable (DAD done)", () -> {
            String out = sh("ip", "-n", FRR, "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link");
            return out.contains("inet6 fe80::") && !out.contains("tentative") ? out.replaceAll("(?s).*inet6 (fe80::[0-9a-f:]+)/64.*", "$1") : null;
        });
        String kernelsPick = sh("ip", "-n", GW, "-6", "route", "get", frrLinkLocal);

        Files.writeString(dir.resolve("zebra.conf"), "hostname frr\n");
        Files.writeString(dir.resolve("bgpd.conf"), """
                frr defaults traditional
                hostname frr
                router bgp 65002
                 bgp router-id 192.0.2.2
                 no bgp ebgp-requires-policy
                 no bgp network import-check
                 no bgp default ipv4-unicast
                 neighbor 192.0.2.1 remote-as 65001
                 neighbor 192.0.2.1 timers connect 1
                 address-family ipv4 unicast
                  network 10.70.0.0/24
                  neighbor 192.0.2.1 activate
                 exit-address-family
                 address-family ipv6 unicast
                  network %s
                  neighbor 192.0.2.1 activate
                 exit-address-family
                """.formatted(V6_PREFIX));
        List<String> common = List.of("-z", dir.resolve("zserv.api").toString(), "--vty_socket", dir.toString(),
                "-u", "frr", "-g", "frr", "-P", "0", "--log", "stdout");
        start("zebra", List.of(ZEBRA.toString(), "-f", dir.resolve("zebra.conf").toString(), "-i", dir.resolve("zebra.pid").toString()), common);
        await("zebra's socket", () -> Files.exists(dir.resolve("zserv.api")) ? "" : null);
        start("bgpd", List.of(BGPD.toString(), "-f", dir.resolve("bgpd.conf").toString(), "-i", dir.resolve("bgpd.pid").toString()), common);

        Files.writeString(dir.resolve("jbgpd.yaml"), """
                routerId: 192.0.2.1
                asNumber: 65001
                listen: {enabled: false}
                peers:
                  - {name: frr, address: 192.0.2.2, asNumber: 65002, connectRetryTime: 1, families: [ipv4, ipv6], importPolicy: lab}
                policies:
                  lab:
                    - {action: accept}
                kernel: {enabled: true, table: 254, protocol: 186, metric: 20, ecmp: true, keepOnExit: false}
                control: {socket: %s}
                metrics: {enabled: false}
                """.formatted(dir.resolve("jbgpd.sock")));
        Process jbgpd = new ProcessBuilder("ip", "netns", "exec", GW, LAUNCHER.toString(), "--config", dir.resolve("jbgpd.yaml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("jbgpd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        processes.add(jbgpd);

        String route = await("FRR's IPv6 route in the gateway's kernel", () -> {
            String out = sh("ip", "-n", GW, "-6", "route", "show", V6_PREFIX, "proto", "186");
            return out.isBlank() ? null : out;
        });
        String shown = sh(LAUNCHER.resolveSibling("jbgpctl").toString(), "--socket", dir.resolve("jbgpd.sock").toString(), "show", "routes", V6_PREFIX);
        System.out.println("MEASURED link-local IT: kernel's own pick for " + frrLinkLocal + ": " + kernelsPick.strip()
                + "\nour route: " + route.strip() + "\n" + shown);
        assertTrue(route.contains("via " + frrLinkLocal + " dev up0 "), "installed via FRR's link-local address on up0, the session's link: "
                + route + "\n" + shown + "\n" + log());
        assertTrue(shown.contains(frrLinkLocal + "%"), "show routes names the next hop's interface: " + shown);
    }

    private void start(String name, List<String> daemon, List<String> common) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", FRR));
        cmd.addAll(daemon);
        cmd.addAll(common);
        processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start());
    }

    private interface Probe {
        String value() throws Exception;
    }

    private String await(String what, Probe probe) throws Exception {
        long end = System.nanoTime() + CONVERGE.toNanos();
        while (System.nanoTime() < end) {
            String v = probe.value();
            if (v != null) return v;
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + CONVERGE + " waiting for " + what + "\n" + log());
    }

    private String log() {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("jbgpd.log", "zebra.out", "bgpd.out")) {
            try {
                b.append("---- ").append(f).append(":\n").append(Files.readString(dir.resolve(f))).append('\n');
            } catch (IOException e) {
                b.append("---- ").append(f).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    private static String sh(String... command) {
        return Shell.run(SHORT, command).orFail();
    }
}
