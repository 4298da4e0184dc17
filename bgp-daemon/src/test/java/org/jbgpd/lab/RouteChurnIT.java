package org.jbgpd.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route churn through the whole daemon, checked against the kernel: one BIRD 1.6 (two eBGP sessions, each fed
 * from its own table of static routes) announces, moves and withdraws /24s out of a pool of 3,000 in random
 * rounds, and after each round the gateway's kernel must hold exactly our model: every prefix either session
 * announces, via the next hops of both when both do (eBGP multipath). Withdrawn prefixes give their engine ids
 * back and new ones reuse them (ADR 0137), so a FIB that kept a route under a reused id would show here as a
 * prefix with the wrong next hops or one that should be gone. Every fifth round an operator deletes some of
 * our routes and adds a stray one of our protocol and metric (the FIB must put the first back and remove the
 * other); every seventh, one session is reset.
 */
class RouteChurnIT {

    private static final Path LAUNCHER = Path.of("target", "jbgpd", "bin", "jbgpd").toAbsolutePath();
    private static final String SUFFIX = "-" + ProcessHandle.current().pid();
    private static final String GW = "jb-churn-gw" + SUFFIX;
    private static final String FEED = "jb-churn-bird" + SUFFIX;
    private static final List<String> NEXT_HOPS = List.of("192.0.2.21", "192.0.2.22", "192.0.2.23");
    private static final String STRAY = "10.99.0.0/24";
    private static final int ROUNDS = 24;
    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final Duration CONVERGE = Duration.ofSeconds(30);

    private Path dir;
    private Process bird;
    private Process jbgpd;
    /** Per session (0: b1, 1: b2): prefix -> the next hop BIRD announces for it. */
    private final List<Map<String, String>> announced = List.of(new TreeMap<>(), new TreeMap<>());

    @AfterEach
    void down() throws IOException {
        Processes.stop(jbgpd);
        Processes.stop(bird);
        for (String ns : List.of(GW, FEED)) Shell.run(SHORT, "ip", "netns", "del", ns);
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theKernelHoldsExactlyWhatThePeersAnnounceAfterEveryRoundOfChurn() throws Exception {
        Privileges.requireRoot();
        Privileges.requireProgram("bird", "apt-get install bird  (BIRD 1.6)");
        Privileges.requireProgram("birdc", "apt-get install bird");
        Privileges.require(Files.isExecutable(LAUNCHER), "jbgpd launcher not built at " + LAUNCHER + " (run ./mvnw verify, not test)");
        dir = Files.createTempDirectory("jb-churn-");
        for (String ns : List.of(GW, FEED)) {
            Shell.run(SHORT, "ip", "netns", "del", ns);
            sh("ip", "netns", "add", ns);
            sh("ip", "-n", ns, "link", "set", "lo", "up");
        }
        sh("ip", "link", "add", "eth0", "netns", GW, "type", "veth", "peer", "name", "eth0", "netns", FEED);
        for (String a : List.of("192.0.2.1/24", "192.0.2.2/24")) sh("ip", "-n", GW, "addr", "add", a, "dev", "eth0");
        for (String a : List.of("192.0.2.11/24", "192.0.2.12/24", "192.0.2.21/24", "192.0.2.22/24", "192.0.2.23/24")) {
            sh("ip", "-n", FEED, "addr", "add", a, "dev", "eth0");
        }
        for (String ns : List.of(GW, FEED)) sh("ip", "-n", ns, "link", "set", "eth0", "up");
        writeBirdConfig();
        bird = new ProcessBuilder("ip", "netns", "exec", FEED, "/usr/sbin/bird", "-f", "-c", dir.resolve("bird.conf").toString(),
                "-s", dir.resolve("bird.ctl").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("bird.out").toFile()).start();
        Files.writeString(dir.resolve("jbgpd.yaml"), """
                routerId: 192.0.2.1
                asNumber: 7675
                listen: {enabled: false}
                peers:
                  - {name: b1, address: 192.0.2.11, asNumber: 64512, sourceAddress: 192.0.2.1, holdTime: 9, connectRetryTime: 1, importPolicy: tens}
                  - {name: b2, address: 192.0.2.12, asNumber: 64512, sourceAddress: 192.0.2.2, holdTime: 9, connectRetryTime: 1, importPolicy: tens}
                policies:
                  tens:
                    - {action: accept, prefix: 10.0.0.0/8, maxLength: 32}
                    - {action: reject}
                kernel: {enabled: true, table: 254, protocol: 186, metric: 20, ecmp: true, keepOnExit: false}
                control: {socket: %s}
                metrics: {enabled: false}
                """.formatted(dir.resolve("jbgpd.sock")));
        jbgpd = new ProcessBuilder("ip", "netns", "exec", GW, LAUNCHER.toString(), "--config", dir.resolve("jbgpd.yaml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("jbgpd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();

        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 3000; i++) pool.add("10." + (20 + i / 256) + "." + (i % 256) + ".0/24");
        SplittableRandom random = new SplittableRandom(20261204);
        for (int round = 0; round < ROUNDS; round++) {
            for (Map<String, String> session : announced) {
                int changes = 50 + random.nextInt(1450);
                for (int k = 0; k < changes; k++) {
                    String prefix = pool.get(random.nextInt(pool.size()));
                    if (session.containsKey(prefix) && random.nextInt(10) < 6) session.remove(prefix);
                    else session.put(prefix, NEXT_HOPS.get(random.nextInt(NEXT_HOPS.size())));
                }
            }
            writeBirdConfig();
            awaitBirdControl();
            birdc("configure");
            String extra = "";
            if (round % 5 == 4) {
                List<String> ours = new ArrayList<>(kernel().keySet());
                for (int k = 0; k < 20 && !ours.isEmpty(); k++) {
                    Shell.run(SHORT, "ip", "-n", GW, "route", "del", ours.remove(random.nextInt(ours.size())), "proto", "186", "metric", "20");
                }
                sh("ip", "-n", GW, "route", "add", STRAY, "via", NEXT_HOPS.getFirst(), "proto", "186", "metric", "20");
                extra = " after an operator deleted 20 of our routes and added " + STRAY;
            }
            if (round % 7 == 6) {
                birdc("disable", "b1");
                birdc("enable", "b1");
                extra += " after b1 was reset";
            }
            awaitKernel("round " + round + extra);
        }
    }

    /** What the kernel must hold: each announced prefix via the next hops of every session that announces it. */
    private Map<String, Set<String>> expected() {
        Map<String, Set<String>> want = new TreeMap<>();
        for (Map<String, String> session : announced) {
            session.forEach((prefix, hop) -> want.computeIfAbsent(prefix, p -> new TreeSet<>()).add(hop));
        }
        return want;
    }

    /** Our routes (protocol 186) in the gateway's kernel: prefix -> next hops. */
    private static Map<String, Set<String>> kernel() throws IOException {
        Map<String, Set<String>> have = new TreeMap<>();
        for (JsonNode route : new ObjectMapper().readTree(sh("ip", "-n", GW, "-j", "route", "show", "proto", "186"))) {
            Set<String> hops = new TreeSet<>();
            if (route.has("nexthops")) route.get("nexthops").forEach(h -> hops.add(h.path("gateway").asText()));
            else hops.add(route.path("gateway").asText());
            have.put(route.get("dst").asText(), hops);
        }
        return have;
    }

    private void awaitKernel(String when) throws Exception {
        long end = System.nanoTime() + CONVERGE.toNanos();
        Map<String, Set<String>> want = expected();
        Map<String, Set<String>> have = kernel();
        while (!have.equals(want) && System.nanoTime() < end) {
            assertTrue(jbgpd.isAlive(), "jbgpd exited: " + Files.readString(dir.resolve("jbgpd.log")));
            Thread.sleep(200);
            have = kernel();
        }
        if (have.equals(want)) return;
        List<String> wrong = new ArrayList<>();
        for (String prefix : new TreeSet<>(union(want.keySet(), have.keySet()))) {
            if (!java.util.Objects.equals(want.get(prefix), have.get(prefix))) {
                wrong.add(prefix + " kernel " + have.get(prefix) + " expected " + want.get(prefix));
            }
        }
        throw new AssertionError(when + ": " + wrong.size() + " of " + want.size() + " prefixes differ after " + CONVERGE
                + ", e.g. " + wrong.subList(0, Math.min(10, wrong.size())) + "\njbgpd log:\n" + Files.readString(dir.resolve("jbgpd.log")));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Two eBGP sessions from AS 64512, each exporting its own table of static routes (BIRD 1.6 sends only a table's best). */
    private void writeBirdConfig() throws IOException {
        StringBuilder c = new StringBuilder("log \"" + dir.resolve("bird.log") + "\" all;\nrouter id 192.0.2.11;\nprotocol device { }\n");
        for (int s = 1; s <= 2; s++) {
            c.append("table t").append(s).append(";\nprotocol static s").append(s).append(" { table t").append(s).append(";\n");
            announced.get(s - 1).forEach((prefix, hop) -> c.append("  route ").append(prefix).append(" via ").append(hop).append(";\n"));
            c.append("}\nprotocol bgp b").append(s).append(" { table t").append(s).append("; local 192.0.2.1").append(s)
                    .append(" as 64512; neighbor 192.0.2.").append(s).append(" as 7675; import none; export all;")
                    .append(" hold time 9; keepalive time 3; connect retry time 1; connect delay time 1; error wait time 1, 2; }\n");
        }
        Files.writeString(dir.resolve("bird.conf"), c);
    }

    private void awaitBirdControl() throws Exception {
        long end = System.nanoTime() + SHORT.toNanos();
        while (!Files.exists(dir.resolve("bird.ctl")) && System.nanoTime() < end) Thread.sleep(50);
    }

    private void birdc(String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", FEED, "/usr/sbin/birdc", "-s", dir.resolve("bird.ctl").toString()));
        cmd.addAll(List.of(command));
        String out = Shell.run(SHORT, cmd).orFail();
        assertTrue(!out.contains("rror"), String.join(" ", command) + ": " + out);
    }

    private static String sh(String... command) {
        return Shell.run(SHORT, command).orFail();
    }
}
