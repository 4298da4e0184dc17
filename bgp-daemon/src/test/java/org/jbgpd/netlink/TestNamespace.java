package org.jbgpd.netlink;

import org.jbgpd.testsupport.Privileges;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network namespace for one test, named jb-nl-PID-N, set up with {@code ip} (tests may use
 * it; the production code never does) and removed on close whatever happened.
 */
final class TestNamespace implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String name;

    private TestNamespace(String name) {
        this.name = name;
    }

    static TestNamespace create() {
        String name = "jb-nl-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        run("ip", "netns", "add", name);
        TestNamespace ns = new TestNamespace(name);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    /**
     * The namespace most kernel tests start from: root and {@code ip} required (the test is skipped without them, as
     * {@link Privileges} says), and link d0 up with 192.0.2.1/24 and 2001:db8:1::1/64, the gateways' subnets.
     */
    static TestNamespace withLinkD0() {
        Privileges.requireRoot();
        Privileges.requireProgram("ip", "apt-get install iproute2");
        TestNamespace ns = create();
        ns.link("d0", "192.0.2.1/24", "2001:db8:1::1/64");
        return ns;
    }

    Path path() {
        return Path.of("/run/netns", name);
    }

    /**
     * An interface that is up, with the given addresses (IPv6 without duplicate address
     * detection): one end of a veth pair whose other end (DEV + "p") is up too, for the carrier.
     * A veth, not a dummy, because not every CI kernel has the dummy module.
     */
    void link(String dev, String... addresses) {
        ip("link", "add", dev, "type", "veth", "peer", "name", dev + "p");
        ip("link", "set", dev + "p", "up");
        ip("link", "set", dev, "up");
        for (String a : addresses) {
            if (a.contains(":")) ip("-6", "addr", "add", a, "dev", dev, "nodad");
            else ip("addr", "add", a, "dev", dev);
        }
    }

    /** Runs {@code ip -n NAME args...}; fails the test on a non-zero exit. Returns stdout. */
    String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    /** Runs {@code ip -n NAME -batch FILE} over the given lines (one `ip` command each): thousands of changes in one process. */
    void ipBatch(CharSequence commands) throws IOException {
        Path script = java.nio.file.Files.createTempFile("jb-nl-batch", ".batch");
        try {
            java.nio.file.Files.writeString(script, commands);
            ip("-batch", script.toString());
        } finally {
            java.nio.file.Files.deleteIfExists(script);
        }
    }

    /** {@link #routes} as `ip` prints them, "nhid N" included. */
    List<String> routesWithNexthopIds(String root, String... selector) {
        List<String> cmd = new ArrayList<>(List.of(root.contains(":") ? "-6" : "-4", "-o", "route", "show", "root", root));
        cmd.addAll(List.of(selector));
        String out = ip(cmd.toArray(String[]::new));
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            String l = line.replace("\\", " ").replaceAll("\\s+", " ").trim();
            if (!l.isEmpty()) lines.add(l);
        }
        return lines;
    }

    /**
     * `ip -o route show root PREFIX ...` lines (IPv6 for an IPv6 prefix), whitespace collapsed,
     * without the "nhid N" of a route through a kernel nexthop object (ADR 0091): the id is a number
     * jbgpd picks; what the route does (via, dev, proto, metric) is what these lines compare.
     * {@link #routesWithNexthopIds} keeps it.
     */
    List<String> routes(String root, String... selector) {
        List<String> lines = new ArrayList<>();
        for (String l : routesWithNexthopIds(root, selector)) lines.add(l.replaceAll(" nhid [0-9]+", ""));
        return lines;
    }

    /**
     * `ip -o nexthop show [protocol P]` lines, whitespace collapsed: e.g. "id 5 via 192.0.2.2 dev d0
     * scope link proto bgp" or "id 7 group 5/6 proto bgp".
     */
    List<String> nexthops(String... selector) {
        List<String> cmd = new ArrayList<>(List.of("-o", "nexthop", "show"));
        cmd.addAll(List.of(selector));
        List<String> lines = new ArrayList<>();
        for (String line : ip(cmd.toArray(String[]::new)).split("\n")) {
            String l = line.replaceAll("\\s+", " ").trim();
            if (!l.isEmpty()) lines.add(l);
        }
        return lines;
    }

    /**
     * Our routes as {@code ip -j route show table all proto 186} reports them (both families),
     * reduced to what we control: destination -> "table=T metric=M via=[sorted gateways]".
     */
    java.util.Map<String, String> ourRoutesFromIpJson() {
        String json = ip("-j", "route", "show", "table", "all", "proto", "186");
        java.util.Map<String, String> routes = new java.util.TreeMap<>();
        try {
            for (com.fasterxml.jackson.databind.JsonNode r : new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)) {
                java.util.TreeSet<String> gateways = new java.util.TreeSet<>();
                if (r.has("nexthops")) for (com.fasterxml.jackson.databind.JsonNode h : r.get("nexthops")) gateways.add(gateway(h));
                else gateways.add(gateway(r));
                String table = r.has("table") ? r.get("table").asText() : "main";
                routes.put(r.get("dst").asText(), "table=" + table + " metric=" + r.path("metric").asInt(0) + " via=" + gateways);
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("ip -j printed no JSON: " + json, e);
        }
        return routes;
    }

    private static String gateway(com.fasterxml.jackson.databind.JsonNode hop) {
        if (hop.has("gateway")) return hop.get("gateway").asText();
        if (hop.has("via")) return hop.get("via").get("host").asText();
        return "dev " + hop.path("dev").asText();
    }

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " timed out");
            }
            if (p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
            return out;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", cmd) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            run("ip", "netns", "del", name);
        } catch (AssertionError e) {
            System.err.println("could not remove namespace " + name + ": " + e.getMessage());
        }
    }
}
