package org.jbgpd.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks the receiver namespace's kernel whether jbgpd-nh did what its row claims (ADR 0128): after the install, that its
 * routes name one of its nexthop objects (protocol 186), so the figures are those of the RTA_NH_ID path and not of a
 * silent fallback to gateways; after the withdraw, that its objects went with the routes. A handful of {@code ip}
 * processes, run outside the timed windows: three {@code ip route get fibmatch} (the kernel looks one route up; a
 * plain {@code ip route show PREFIX} would dump the whole table) and {@code ip nexthop show protocol 186}.
 */
final class NexthopObjectCheck {
    static final int PROTOCOL = 186;
    private static final Pattern OBJECT_ID = Pattern.compile("^id (\\d+) ", Pattern.MULTILINE);
    private static final Pattern ROUTE_NHID = Pattern.compile(" nhid (\\d+) ");
    /** How long objects may outlive the last route: jbgpd deletes them after the batch that freed their set. */
    private static final long CLEANUP_WAIT_MILLIS = 5_000;

    private NexthopObjectCheck() {}

    /** The ids of the objects listed by {@code ip nexthop show}. */
    static List<Long> objectIds(String ipNexthopShow) {
        List<Long> ids = new ArrayList<>();
        Matcher m = OBJECT_ID.matcher(ipNexthopShow);
        while (m.find()) ids.add(Long.parseLong(m.group(1)));
        return ids;
    }

    /** The nexthop object a route line of {@code ip route} names, or -1 when it carries its gateways itself. */
    static long routeNhid(String ipRouteLine) {
        Matcher m = ROUTE_NHID.matcher(ipRouteLine + " ");
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Null when the first, middle and last of the N routes each name one of our objects; otherwise what is wrong. */
    static String installed(Topology topology, RouteSet routes, PrintSink out) {
        try {
            return checkInstalled(topology, routes, out);
        } catch (BenchException e) {
            return e.getMessage();
        }
    }

    private static String checkInstalled(Topology topology, RouteSet routes, PrintSink out) {
        List<Long> ours = objectIds(objects(topology));
        if (ours.isEmpty()) return "no nexthop object of protocol " + PROTOCOL + " in the kernel after the install";
        List<String> seen = new ArrayList<>();
        for (int i : new int[] {0, routes.size / 2, routes.size - 1}) {
            String prefix = routes.text(i);
            String address = prefix.substring(0, prefix.indexOf('/'));
            Commands.Result r = Commands.run(List.of("ip", routes.scenario.v6 ? "-6" : "-4", "-n", topology.receiverNs,
                    "route", "get", "fibmatch", address), 10);
            String line = r.output().strip();
            long nhid = routeNhid(line);
            if (!r.ok() || nhid < 0) return "route " + prefix + " names no nexthop object: " + line;
            if (!ours.contains(nhid)) return "route " + prefix + " names nexthop object " + nhid + ", not one of ours " + ours;
            seen.add(prefix + " nhid " + nhid);
        }
        out.line(String.format(Locale.ROOT, "         nexthop objects: %d of protocol %d after the install (%s)",
                ours.size(), PROTOCOL, String.join(", ", seen)));
        return null;
    }

    /** Null when none of our objects is left at most {@link #CLEANUP_WAIT_MILLIS} after the last route went; otherwise which are. */
    static String withdrawn(Topology topology, PrintSink out) {
        try {
            return checkWithdrawn(topology, out);
        } catch (BenchException e) {
            return e.getMessage();
        }
    }

    private static String checkWithdrawn(Topology topology, PrintSink out) {
        long start = System.nanoTime();
        long deadline = start + CLEANUP_WAIT_MILLIS * 1_000_000L;
        while (true) {
            String listed = objects(topology);
            if (objectIds(listed).isEmpty()) {
                out.line(String.format(Locale.ROOT, "         nexthop objects: none left %.0f ms after the withdraw",
                        (System.nanoTime() - start) / 1e6));
                return null;
            }
            if (System.nanoTime() > deadline) {
                return "nexthop objects left " + CLEANUP_WAIT_MILLIS / 1000 + " s after the withdraw: " + listed.strip().replace('\n', ';');
            }
            Sleep.millis(50);
        }
    }

    private static String objects(Topology topology) {
        Commands.Result r = Commands.run(List.of("ip", "-n", topology.receiverNs, "nexthop", "show", "protocol", Integer.toString(PROTOCOL)), 10);
        if (!r.ok()) throw new BenchException("ip nexthop show failed (" + r.status() + "): " + r.output().strip());
        return r.output();
    }
}
