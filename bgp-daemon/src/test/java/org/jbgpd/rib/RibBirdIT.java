package org.jbgpd.rib;

import org.jbgpd.testsupport.Privileges;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4's proof with real BIRD 1.6 in namespaces, against the real launcher: two route
 * reflectors (rr1, rr2) reflect the routes of three nodes (n1..n3) to jbgpd; every node announces
 * its own block and the same service /32 (add-path from the reflectors). Checked:
 * <ol>
 *   <li>each block is installed via its node (one next hop, though two reflectors send it), the
 *       service /32 as a three-way multipath, and the best path is rr1's (lower peer address);</li>
 *   <li>a reflector stopping and coming back costs no kernel operation for the reflected routes
 *       (counted with {@code ip monitor route} in the gateway's namespace);</li>
 *   <li>kill -9 of rr1's BIRD (graceful restart): its routes stay; BIRD restarted in recovery mode
 *       (-R) with a changed static route: after its End-of-RIB the route it did not send again is
 *       swept and the new one installed, still without a kernel operation for the reflected ones.</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RibBirdIT {

    private static final Path LAUNCHER = Path.of("target", "jbgpd", "bin", "jbgpd").toAbsolutePath();
    private static final Path JBGPCTL = Path.of("target", "jbgpd", "bin", "jbgpctl").toAbsolutePath();
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    /** Suffixed with this JVM's PID, so two builds running at once (two worktrees, two clones) never share a namespace. */
    private static final String SUFFIX = "-" + ProcessHandle.current().pid();
    private static final String SW = "jb-rib-sw" + SUFFIX;
    private static final String GW = "jb-rib-gw" + SUFFIX;
    private static final String SERVICE = "10.20.255.10";
    /** A route only rr1 originates: it follows rr1's session (GR keeps it, EoR sweeps it). */
    private static final String RR1_ONLY = "10.20.200.0/26";
    private static final String RR1_ONLY_AFTER = "10.20.201.0/26";

    private record Box(String name, String address) {
        String ns() { return "jb-rib-" + name + SUFFIX; }
    }

    private static final Box RR1 = new Box("rr1", "192.0.2.11");
    private static final Box RR2 = new Box("rr2", "192.0.2.12");
    private static final List<Box> NODES = List.of(new Box("n1", "192.0.2.21"), new Box("n2", "192.0.2.22"), new Box("n3", "192.0.2.23"));

    private Path dir;
    private final Map<String, Process> birds = new LinkedHashMap<>();
    private Process jbgpd;
    private Process monitor;
    private Path monitorLog;

    @BeforeAll
    void up() throws Exception {
        Privileges.requireRoot();
        Privileges.requireProgram("bird", "apt-get install bird");
        Privileges.require(Files.isExecutable(LAUNCHER), "jbgpd launcher not built at " + LAUNCHER + " (run ./mvnw verify, not test)");
        dir = Files.createTempDirectory("jb-rib-");
        teardownNamespaces();
        sh("ip", "netns", "add", SW);
        sh("ip", "-n", SW, "link", "add", "br0", "type", "bridge");
        sh("ip", "-n", SW, "link", "set", "br0", "up");
        List<Box> all = new ArrayList<>(List.of(new Box("gw", "192.0.2.1"), RR1, RR2));
        all.addAll(NODES);
        int i = 0;
        for (Box b : all) {
            String ns = b.ns(), port = "jb-rib-p" + i++;
            sh("ip", "netns", "add", ns);
            sh("ip", "-n", ns, "link", "set", "lo", "up");
            sh("ip", "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", port, "netns", SW);
            sh("ip", "-n", SW, "link", "set", port, "master", "br0", "up");
            sh("ip", "-n", ns, "addr", "add", b.address() + "/24", "dev", "eth0");
            sh("ip", "-n", ns, "link", "set", "eth0", "up");
        }
        for (Box n : NODES) startBird(n, nodeConfig(n), false);
        startBird(RR1, reflectorConfig(RR1, RR1_ONLY), false);
        startBird(RR2, reflectorConfig(RR2, null), false);
        Files.writeString(dir.resolve("jbgpd.yaml"), """
                routerId: 192.0.2.1
                asNumber: 64512
                listen: {address: "0.0.0.0", port: 179}
                peers:
                  - {name: rr1, address: 192.0.2.11, asNumber: 64512, holdTime: 9, keepaliveTime: 3, connectRetryTime: 1, families: [ipv4],
                     gracefulRestart: {enabled: true, restartTime: 120}, importPolicy: pods, exportPolicy: none}
                  - {name: rr2, address: 192.0.2.12, asNumber: 64512, holdTime: 9, keepaliveTime: 3, connectRetryTime: 1, families: [ipv4],
                     gracefulRestart: {enabled: true, restartTime: 120}, importPolicy: pods, exportPolicy: none}
                policies:
                  pods:
                    - {action: accept, prefix: 10.20.0.0/16, maxLength: 32}
                    - {action: reject}
                kernel: {enabled: true, table: 254, protocol: 186, metric: 20, ecmp: true, keepOnExit: false}
                control: {socket: %s}
                metrics: {address: 127.0.0.1, port: 9180}
                """.formatted(dir.resolve("jbgpd.sock")));
        jbgpd = new ProcessBuilder("ip", "netns", "exec", GW, LAUNCHER.toString(), "--config", dir.resolve("jbgpd.yaml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("jbgpd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        monitorLog = dir.resolve("monitor.log");
        monitor = new ProcessBuilder("ip", "-n", GW, "monitor", "route")
                .redirectErrorStream(true).redirectOutput(monitorLog.toFile()).start();
    }

    @AfterAll
    void down() throws Exception {
        for (Process p : new Process[] {monitor, jbgpd}) stop(p);
        for (Process p : birds.values()) stop(p);
        teardownNamespaces();
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ------------------------------------------------------------------ checks

    @Test @Order(1)
    void blocksGoViaTheirNodeTheServiceIsAThreeWayMultipathAndRr1HoldsTheBestPaths() throws Exception {
        awaitKernel(expected(RR1_ONLY), CONVERGE);
        // BIRD's own sessions settle first: a reflector and a node that dial each other at once may
        // close one with a Cease after routes went over it (seen in the nodes' logs), and the reflector
        // then withdraws that node's path from jbgpd until the session is back. The checks below are
        // about the converged lab, so they wait for every BIRD session and then for paths that hold still.
        awaitBirdSessions();
        // The kernel has all three next hops as soon as one reflector's three paths (plus any of the
        // other's) arrived; the second reflector's last path may still be on its way, so wait for six,
        // and a path from each reflector for a block, seen alike for two seconds.
        String[] seen = new String[2];
        waitSteady("six paths for " + SERVICE + "/32 (three nodes via each reflector) and two for 10.20.1.0/26", () -> {
            seen[0] = routeText(SERVICE + "/32");
            seen[1] = routeText("10.20.1.0/26");
            return servicePaths(seen[0]).size() == 6 && servicePaths(seen[1]).size() == 2 ? seen[0] + seen[1] : null;
        });
        String service = seen[0];
        System.out.println("MEASURED rib IT: jbgpctl show routes " + SERVICE + "/32\n" + service);
        String block = seen[1];
        // Two reflectors sent the block with the same next hop: one next hop installed, rr1's path best.
        List<String> lines = block.lines().filter(l -> l.contains("rr1") || l.contains("rr2")).toList();
        assertEquals(2, lines.size(), "a path from each reflector: " + block);
        assertTrue(lines.getFirst().matches(".*192\\.0\\.2\\.21 +\\| rr1 .*\\| \\* .*"),
                "rr1's path is best (equal up to the peer address, rr1's is lower): " + block);
        // The service: three nodes' paths from each reflector (add-path), all in the multipath set;
        // the best is the lowest ORIGINATOR_ID (n1) from the lower peer address (rr1).
        List<String> paths = servicePaths(service);
        assertEquals(6, paths.size(), service + "\njbgpd log:\n" + jbgpdLog() + birdOutput());
        assertTrue(paths.getFirst().matches(".*192\\.0\\.2\\.21 +\\| rr1 .*\\| \\* .*"), "best: n1 via rr1: " + service);
        assertTrue(paths.stream().skip(1).allMatch(l -> l.matches(".*\\| = .*")), "the others are multipath: " + service);
    }

    @Test @Order(2)
    void theBestReflectorStoppingAndComingBackCostsNoKernelOperationForReflectedRoutes() throws Exception {
        awaitKernel(expected(RR1_ONLY), CONVERGE);
        int mark = monitorLines().size();
        birdc(RR1, "down"); // graceful: Cease to every peer, then BIRD exits; every best path moves to rr2
        birds.remove(RR1.name()).waitFor(10, TimeUnit.SECONDS);
        awaitSession("rr1", false);
        // rr1's own route leaves (NOTIFICATION: no GR); the reflected ones stay (checked below with ip monitor).
        Map<String, Set<String>> withoutRr1 = expected(RR1_ONLY);
        withoutRr1.remove(RR1_ONLY);
        awaitKernel(withoutRr1, CONVERGE);
        startBird(RR1, reflectorConfig(RR1, RR1_ONLY), false);
        awaitSession("rr1", true);
        awaitKernel(expected(RR1_ONLY), CONVERGE);
        // ip monitor prints an event some time after the kernel's table shows it: wait for both of rr1's own.
        awaitMonitorEvents(mark, 2);
        Thread.sleep(3000); // a quiet spell in which a late kernel operation for a reflected route would show
        List<String> ops = monitorLines().subList(mark, monitorLines().size());
        System.out.println("MEASURED rib IT: rr1 (best for every reflected route) stopped and restarted: kernel route events " + ops);
        assertEquals(List.of(), ops.stream().filter(l -> !l.contains(RR1_ONLY)).toList(),
                "no kernel operation for the reflected routes when the best reflector fails over to its twin and back");
        assertEquals(2, ops.size(), "only rr1's own route went and came back: " + ops);
    }

    @Test @Order(3)
    void staleRoutesOfACrashedReflectorStayAndAreSweptAfterItsEndOfRib() throws Exception {
        awaitKernel(expected(RR1_ONLY), CONVERGE);
        int mark = monitorLines().size();
        Process rr1 = birds.remove(RR1.name());
        sh("kill", "-9", Long.toString(rr1.pid()));
        rr1.waitFor(10, TimeUnit.SECONDS);
        awaitSession("rr1", false);
        Thread.sleep(5000);
        assertEquals(expected(RR1_ONLY), kernel(), "10 s after rr1's crash its routes are still installed (GR helper)");
        String own = routeText(RR1_ONLY);
        assertTrue(own.matches("(?s).*\\| rr1 .*\\| \\* stale \\| yes .*"), "show routes marks rr1's kept path stale:\n" + own);
        assertEquals(List.of(), monitorLines().subList(mark, monitorLines().size()), "nothing touched the kernel");

        startBird(RR1, reflectorConfig(RR1, RR1_ONLY_AFTER), true); // back in GR recovery, with another static route
        awaitKernel(expected(RR1_ONLY_AFTER), CONVERGE);
        awaitMonitorEvents(mark, 2);
        Thread.sleep(1000); // a third (unwanted) event would show by now
        List<String> ops = monitorLines().subList(mark, monitorLines().size());
        System.out.println("MEASURED rib IT: rr1 killed (-9) and restarted: kernel events " + ops);
        assertEquals(2, ops.size(), "one removal (not re-announced, swept after End-of-RIB) and one addition: " + ops);
        // In either order: BIRD sends the new route and its End-of-RIB back to back, and when both land in one
        // engine flush the FIB batch holds them in prefix order (10.20.200.0 before 10.20.201.0); seen at load 25.
        assertEquals(1, ops.stream().filter(l -> l.startsWith(RR1_ONLY_AFTER)).count(), "the new route added: " + ops);
        assertEquals(1, ops.stream().filter(l -> l.startsWith("Deleted " + RR1_ONLY)).count(), "the stale one swept: " + ops);
        assertTrue(jbgpdLog().contains("keeping"), "jbgpd said it kept rr1's routes stale:\n" + jbgpdLog());
    }

    /**
     * The FIB keeps what it wants by the engine's prefix ids and looks kernel routes up in the engine's index (ADR 0137):
     * a route of ours an operator deletes is put back with its next hops, the ECMP one too, and a route with our
     * protocol that no peer announced is removed.
     */
    @Test @Order(4)
    void routesAnOperatorDeletesComeBackAndAStrayRouteOfOursGoes() throws Exception {
        Map<String, Set<String>> want = expected(RR1_ONLY_AFTER);
        awaitKernel(want, CONVERGE);
        int mark = monitorLines().size();
        sh("ip", "-n", GW, "route", "del", "10.20.2.0/26", "proto", "186");
        sh("ip", "-n", GW, "route", "del", SERVICE + "/32", "proto", "186");
        sh("ip", "-n", GW, "route", "add", "10.20.77.0/24", "via", NODES.getFirst().address(), "proto", "186", "metric", "20");
        waitFor("the stray route removed", CONVERGE, () -> !kernel().containsKey("10.20.77.0/24"));
        awaitKernel(want, CONVERGE);
        Thread.sleep(2000); // a late rewrite of a route the scan should have left alone would show by now
        List<String> untouched = monitorLines().subList(mark, monitorLines().size()).stream()
                .filter(l -> l.contains("10.20.1.0/26") || l.contains("10.20.3.0/26") || l.contains(RR1_ONLY_AFTER)).toList();
        assertEquals(List.of(), untouched, "the scan found the routes it wants where they are and left them alone");
        assertEquals(want, kernel(), "both deleted routes back with their next hops, the stray one gone");
    }

    // ------------------------------------------------------------------ the lab

    private static String nodeConfig(Box n) {
        int k = NODES.indexOf(n) + 1;
        StringBuilder c = new StringBuilder("""
                router id %s;
                protocol device { scan time 2; }
                protocol static { route 10.20.%d.0/26 blackhole; route %s/32 blackhole; }
                """.formatted(n.address(), k, SERVICE));
        for (Box rr : List.of(RR1, RR2)) {
            c.append("""
                    protocol bgp %s {
                      local %s as 64512; neighbor %s as 64512;
                      hold time 9; keepalive time 3; connect retry time 1; connect delay time 1; error wait time 1, 2;
                      graceful restart on; add paths on;
                      import all; export where source = RTS_STATIC;
                    }
                    """.formatted(rr.name(), n.address(), rr.address()));
        }
        return c.toString();
    }

    /** A reflector for the nodes and jbgpd; {@code own}: a static route it originates itself (or null). */
    private static String reflectorConfig(Box rr, String own) {
        StringBuilder c = new StringBuilder("""
                router id %s;
                protocol device { scan time 2; }
                """.formatted(rr.address()));
        if (own != null) c.append("protocol static { route ").append(own).append(" blackhole; }\n");
        List<Box> clients = new ArrayList<>(NODES);
        clients.add(new Box("jbgpd", "192.0.2.1")); // not "gw": a keyword in BIRD's config
        for (Box n : clients) {
            c.append("""
                    protocol bgp %s {
                      local %s as 64512; neighbor %s as 64512;
                      hold time 9; keepalive time 3; connect retry time 1; connect delay time 1; error wait time 1, 2;
                      graceful restart on; add paths on; rr client; rr cluster id %s;
                      import all; export all;
                    }
                    """.formatted(n.name(), rr.address(), n.address(), rr.address()));
        }
        return c.toString();
    }

    private void startBird(Box b, String config, boolean recovery) throws IOException {
        Path conf = dir.resolve(b.name() + ".conf");
        Files.writeString(conf, "log \"" + dir.resolve(b.name() + ".log") + "\" all;\n" + config);
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", b.ns(), "/usr/sbin/bird", "-f", "-c", conf.toString(),
                "-s", dir.resolve(b.name() + ".ctl").toString()));
        if (recovery) cmd.add("-R");
        birds.put(b.name(), new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(b.name() + ".out").toFile())).start());
    }

    private String birdc(Box b, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", b.ns(), "/usr/sbin/birdc", "-s", dir.resolve(b.name() + ".ctl").toString()));
        cmd.addAll(Arrays.asList(args));
        return run(cmd.toArray(String[]::new));
    }

    /** What the gateway's kernel should hold: each block via its node, the service via all three, plus rr1's own route. */
    private static Map<String, Set<String>> expected(String rr1Own) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (int k = 1; k <= 3; k++) m.put("10.20." + k + ".0/26", Set.of(NODES.get(k - 1).address()));
        m.put(SERVICE, new TreeSet<>(NODES.stream().map(Box::address).toList()));
        m.put(rr1Own, Set.of(RR1.address()));
        return m;
    }

    /** Our routes (proto 186) in the gateway: prefix -> next hops. */
    private Map<String, Set<String>> kernel() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        String current = null;
        for (String line : run("ip", "-n", GW, "route", "show", "proto", "186").lines().toList()) {
            String[] w = line.trim().split("\\s+");
            if (!line.startsWith(" ") && !line.startsWith("\t")) {
                current = w[0];
                m.put(current, new TreeSet<>());
                int via = Arrays.asList(w).indexOf("via");
                if (via >= 0) m.get(current).add(w[via + 1]);
            } else if (current != null && w[0].equals("nexthop")) {
                int via = Arrays.asList(w).indexOf("via");
                if (via >= 0) m.get(current).add(w[via + 1]);
            }
        }
        return m;
    }

    private void awaitKernel(Map<String, Set<String>> want, Duration limit) throws Exception {
        waitFor("the gateway's kernel routes " + want, limit, () -> kernel().equals(want));
    }

    /** Waits until ip monitor has printed at least {@code count} route events since {@code mark}. */
    private void awaitMonitorEvents(int mark, int count) throws Exception {
        waitFor(count + " kernel route events from ip monitor", CONVERGE, () -> {
            try {
                return monitorLines().size() - mark >= count;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private void awaitSession(String peer, boolean up) throws Exception {
        waitFor(peer + (up ? " Established" : " down") + " in jbgpctl show peers", CONVERGE, () -> {
            String line = run(JBGPCTL.toString(), "--socket", dir.resolve("jbgpd.sock").toString(), "show", "peers")
                    .lines().filter(l -> l.startsWith(peer + " ") || l.contains(" " + peer + " ")).findFirst().orElse("");
            return line.contains("Established") == up && !line.isEmpty();
        });
    }

    private static List<String> servicePaths(String table) {
        return table.lines().filter(l -> l.contains("| rr1 ") || l.contains("| rr2 ")).toList();
    }

    private String routeText(String prefix) {
        return run(JBGPCTL.toString(), "--socket", dir.resolve("jbgpd.sock").toString(), "show", "routes", prefix);
    }

    /** Route events the gateway's kernel reported since the start, one line each (continuation lines folded). */
    private List<String> monitorLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(monitorLog, StandardCharsets.UTF_8)) {
            if (l.isBlank()) continue;
            if ((l.startsWith(" ") || l.startsWith("\t")) && !out.isEmpty()) out.set(out.size() - 1, out.getLast() + " " + l.trim());
            else out.add(l);
        }
        return out.stream().filter(l -> l.contains("10.20.")).toList();
    }

    private String jbgpdLog() {
        try {
            return Files.readString(dir.resolve("jbgpd.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Waits until every BGP session of the reflectors' and nodes' BIRDs is Established. */
    private void awaitBirdSessions() throws Exception {
        List<Box> boxes = new ArrayList<>(List.of(RR1, RR2));
        boxes.addAll(NODES);
        waitFor("every BIRD session Established (birdc show protocols)", CONVERGE, () -> boxes.stream().allMatch(b -> {
            List<String> bgp = birdc(b, "show", "protocols").lines().filter(l -> l.matches("\\S+ +BGP .*")).toList();
            return bgp.size() == (NODES.contains(b) ? 2 : 4) && bgp.stream().allMatch(l -> l.contains("Established"));
        }));
    }

    /**
     * Waits until {@code state} (null: not there yet) has given the same answer for two seconds of
     * reads in a row, so a check sees the converged table and not one moment of a path's flap.
     */
    private void waitSteady(String what, java.util.function.Supplier<String> state) throws Exception {
        String[] last = {null};
        int[] same = {0};
        waitFor(what + ", unchanged for 2 s", CONVERGE, () -> {
            String now = state.get();
            same[0] = now != null && now.equals(last[0]) ? same[0] + 1 : 0;
            last[0] = now;
            return same[0] >= 8;
        });
    }

    private void waitFor(String what, Duration limit, BooleanSupplier ok) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (ok.getAsBoolean()) return;
            Thread.sleep(250);
        }
        throw new AssertionError("timed out after " + limit + " waiting for " + what + "\nkernel: " + kernel()
                + "\nmonitor: " + monitorLines() + "\npeers: " + run(JBGPCTL.toString(), "--socket", dir.resolve("jbgpd.sock").toString(), "show", "peers")
                + "\njbgpd log:\n" + jbgpdLog() + birdOutput());
    }

    private String birdOutput() {
        StringBuilder b = new StringBuilder();
        for (String name : List.of("rr1", "rr2", "n1", "n2", "n3")) {
            for (String ext : List.of(".out", ".log")) {
                Path f = dir.resolve(name + ext);
                try {
                    if (Files.exists(f)) b.append("\n---- ").append(name).append(ext).append(":\n")
                            .append(String.join("\n", Files.readAllLines(f).stream().skip(Math.max(0, Files.readAllLines(f).size() - 15)).toList()));
                } catch (IOException e) {
                    b.append("(").append(e.getMessage()).append(")");
                }
            }
        }
        return b.toString();
    }

    private static void stop(Process p) throws InterruptedException {
        if (p == null || !p.isAlive()) return;
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
    }

    private static void teardownNamespaces() {
        for (String ns : List.of(SW, GW, RR1.ns(), RR2.ns(), NODES.get(0).ns(), NODES.get(1).ns(), NODES.get(2).ns())) {
            run("ip", "netns", "del", ns);
        }
    }

    private static void sh(String... cmd) {
        StringBuilder out = new StringBuilder();
        int rc = exec(out, cmd);
        if (rc != 0) throw new AssertionError(String.join(" ", cmd) + " -> exit " + rc + "\n" + out);
    }

    private static String run(String... cmd) {
        StringBuilder out = new StringBuilder();
        exec(out, cmd);
        return out.toString();
    }

    private static int exec(StringBuilder out, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            if (!p.waitFor(90, TimeUnit.SECONDS)) { // jbgpctl is a JVM: more than 20 s at load 25
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            out.append(e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
