package org.jbgpd.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Two namespaces joined by a veth pair: the gateway (jb-dm-gw-PID, 192.0.2.1 and .2, where jbgpd
 * runs) and a BIRD 1.6 route reflector (jb-dm-rr-PID) holding 192.0.2.11 and 192.0.2.12, one BGP
 * protocol per address pair (rr1: .11-.1, rr2: .12-.2; BIRD 1.6 tells incoming connections apart by
 * the neighbor address only) so that jbgpd has two peers. rr1 has graceful restart on and exports
 * {@link #RR1_ROUTES}; rr2 exports nothing. Everything is removed by {@link #close()}.
 */
final class BirdPeerLab implements AutoCloseable {

    /** Suffixed with this JVM's PID, so two builds running at once (two worktrees) never share a namespace. */
    static final String GW = "jb-dm-gw-" + ProcessHandle.current().pid();
    static final String RR = "jb-dm-rr-" + ProcessHandle.current().pid();
    static final String BIRD = "/usr/sbin/bird";
    static final String BIRDC = "/usr/sbin/birdc";
    /** A pod block (accepted by the pods policy) and a foreign prefix (rejected by it). */
    static final String POD_BLOCK = "10.20.1.0/26";
    static final String FOREIGN = "198.51.100.128/25";

    final Path dir;
    private Process bird;

    private BirdPeerLab(Path dir) { this.dir = dir; }

    static BirdPeerLab up(Path dir) throws IOException, InterruptedException {
        BirdPeerLab lab = new BirdPeerLab(dir);
        lab.teardown();
        try {
            for (String ns : new String[] {GW, RR}) {
                Cmd.run("ip", "netns", "add", ns).ok();
                Cmd.run("ip", "-n", ns, "link", "set", "lo", "up").ok();
            }
            Cmd.run("ip", "link", "add", "jb-dm-v0", "netns", GW, "type", "veth", "peer", "name", "jb-dm-v1", "netns", RR).ok();
            Cmd.run("ip", "-n", GW, "addr", "add", "192.0.2.1/24", "dev", "jb-dm-v0").ok();
            Cmd.run("ip", "-n", GW, "addr", "add", "192.0.2.2/24", "dev", "jb-dm-v0").ok();
            Cmd.run("ip", "-n", RR, "addr", "add", "192.0.2.11/24", "dev", "jb-dm-v1").ok();
            Cmd.run("ip", "-n", RR, "addr", "add", "192.0.2.12/24", "dev", "jb-dm-v1").ok();
            Cmd.run("ip", "-n", GW, "link", "set", "jb-dm-v0", "up").ok();
            Cmd.run("ip", "-n", RR, "link", "set", "jb-dm-v1", "up").ok();
            lab.startBird();
        } catch (IOException | RuntimeException | Error e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void startBird() throws IOException {
        String common = "  hold time 9; keepalive time 3; connect retry time 1; connect delay time 1; error wait time 1, 2; start delay time 1;\n";
        Files.writeString(dir.resolve("bird.conf"), """
                log "%s" all;
                router id 192.0.2.11;
                protocol device { }
                protocol static pods { route %s blackhole; route %s blackhole; }
                protocol bgp rr1 {
                  local 192.0.2.11 as 64512; neighbor 192.0.2.1 as 64512;
                %s  graceful restart on;
                  import all; export where proto = "pods";
                }
                protocol bgp rr2 {
                  local 192.0.2.12 as 64512; neighbor 192.0.2.2 as 64512;
                %s  import all; export none;
                }
                """.formatted(dir.resolve("bird-events.log"), POD_BLOCK, FOREIGN, common, common));
        bird = new ProcessBuilder("ip", "netns", "exec", RR, BIRD, "-f", "-c", dir.resolve("bird.conf").toString(),
                "-s", dir.resolve("bird.ctl").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("bird.log").toFile()).start();
    }

    String birdc(String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("ip", "netns", "exec", RR, BIRDC, "-s", dir.resolve("bird.ctl").toString()));
        cmd.addAll(java.util.List.of(args));
        return Cmd.run(cmd.toArray(String[]::new)).out();
    }

    /**
     * BIRD's own log (every event): "rr1: Received: Other configuration change" stays there after the
     * session is back, when `show protocols all` no longer shows the last error.
     */
    String birdLog() {
        try {
            return Files.exists(dir.resolve("bird-events.log")) ? Files.readString(dir.resolve("bird-events.log")) : "";
        } catch (IOException e) {
            return "(cannot read BIRD's log: " + e.getMessage() + ")";
        }
    }

    /** `show protocols all NAME` as BIRD prints it. */
    String protocol(String name) { return birdc("show", "protocols", "all", name); }

    /** The first line of `show protocols NAME`: name, proto, table, state, since, info. */
    String protocolLine(String name) {
        return birdc("show", "protocols", name).lines().filter(l -> l.startsWith(name + " ")).findFirst().orElse("");
    }

    boolean established(String name) { return protocolLine(name).contains("Established"); }

    /** BIRD's routes for a prefix ("" when it has none). */
    String birdRoute(String prefix) {
        return birdc("show", "route", prefix, "all").lines().filter(l -> !l.startsWith("BIRD ") && !l.isBlank()).reduce("", (a, b) -> a + b + "\n");
    }

    /** Our routes (proto 186) in the gateway's main table. */
    /**
     * Our routes as `ip route` prints them, without the "nhid N" a route through a kernel nexthop object carries
     * (kernel.nexthopObjects, ADR 0091): the id is a number jbgpd picks; the tests match destination and gateway.
     */
    String kernelRoutes() { return Cmd.run("ip", "-n", GW, "route", "show", "proto", "186").ok().replaceAll(" nhid [0-9]+", ""); }

    static void waitFor(String what, Duration limit, BooleanSupplier condition, java.util.function.Supplier<String> state) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + limit + " waiting for " + what + "\n" + state.get());
    }

    private void teardown() {
        Cmd.run("ip", "netns", "del", GW);
        Cmd.run("ip", "netns", "del", RR);
    }

    @Override
    public void close() {
        if (bird != null) {
            bird.destroy();
            try {
                if (!bird.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) bird.destroyForcibly().waitFor();
            } catch (InterruptedException e) {
                bird.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        teardown();
    }
}
