package org.jbgpd.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jbgpd.control.PathEntry;
import org.jbgpd.control.PeerDetail;
import org.jbgpd.control.PeerSummary;
import org.jbgpd.control.RouteEntry;

/** Human-readable forms of the control API's answers (the table output of jbgpctl). */
final class Views {

    private final ZoneId zone;
    private final Instant now;

    Views(ZoneId zone, Instant now) {
        this.zone = zone;
        this.now = now;
    }

    String peers(List<PeerSummary> peers) {
        Table t = new Table("NAME", "PEER ADDRESS", "PEER TYPE", "STATE", "SINCE", "INFO", "RECEIVED", "ACCEPTED", "INSTALLED");
        for (PeerSummary p : peers) {
            t.row(p.name(), p.address(), p.type(), p.state(), since(p.since()), p.info(),
                    p.prefixesReceived(), p.prefixesAccepted(), p.prefixesInstalled());
        }
        return t.toString();
    }

    String peer(PeerDetail d) {
        PeerSummary s = d.summary();
        StringBuilder sb = new StringBuilder();
        field(sb, "Name", s.name());
        field(sb, "Address", s.address() + (d.localAddress() == null ? "" : " (local " + d.localAddress() + ")"));
        field(sb, "Type", s.type() + ", AS " + d.remoteAs() + " (local AS " + d.localAs() + ")");
        field(sb, "State", s.state() + (s.since() == null ? "" : " since " + since(s.since())) + (d.enabled() ? "" : " (administratively down)"));
        field(sb, "Info", s.info());
        field(sb, "Router ID", d.remoteRouterId());
        field(sb, "Hold/keepalive", d.holdTime() + "s / " + d.keepaliveTime() + "s");
        field(sb, "Families", String.join(", ", d.families()));
        field(sb, "Capabilities", String.join(", ", d.capabilities()));
        field(sb, "Prefixes", s.prefixesReceived() + " received, " + s.prefixesAccepted() + " accepted, " + s.prefixesInstalled() + " installed");
        field(sb, "Messages in", counts(d.messagesIn()));
        field(sb, "Messages out", counts(d.messagesOut()));
        field(sb, "Established", d.establishedTransitions() + " times");
        field(sb, "Last error", d.lastError() == null ? "none" : d.lastError());
        return sb.toString();
    }

    String routes(List<RouteEntry> routes) {
        Table t = new Table("PREFIX", "NEXT HOP", "PEER", "AS PATH", "LOCAL PREF", "MED", "BEST", "INSTALLED");
        for (RouteEntry r : routes) {
            boolean first = true;
            for (PathEntry p : r.paths()) {
                // As FRR's "(inaccessible)" and BIRD's "unreachable": why a path with better attributes lost.
                t.row(first ? r.prefix() : "", p.nextHop() + (p.unreachable() ? " (unreachable)" : ""), p.peer(), p.asPath(),
                        p.localPref(), p.med(), (p.best() ? "*" : p.multipath() ? "=" : "") + (p.stale() ? " stale" : ""),
                        r.installedNextHops().contains(p.nextHop()) ? "yes" : "");
                first = false;
            }
        }
        return t.toString() + routes.size() + " prefixes (* best, = multipath)\n";
    }

    String route(RouteEntry r) {
        StringBuilder sb = new StringBuilder(r.prefix()).append('\n');
        for (PathEntry p : r.paths()) {
            sb.append(p.best() ? "  * " : p.multipath() ? "  = " : "    ")
                    .append("via ").append(p.nextHop()).append(" from ").append(p.peer())
                    .append(", AS path ").append(p.asPath().isEmpty() ? "(empty)" : p.asPath())
                    .append(", origin ").append(p.origin());
            if (p.localPref() != null) sb.append(", local pref ").append(p.localPref());
            if (p.med() != null) sb.append(", MED ").append(p.med());
            if (p.communities() != null && !p.communities().isEmpty()) sb.append(", communities ").append(String.join(" ", p.communities()));
            if (p.unreachable()) sb.append(", next hop unreachable");
            if (p.stale()) sb.append(", stale (the peer is restarting)");
            sb.append('\n');
        }
        sb.append("  installed: ").append(r.installedNextHops().isEmpty() ? "no" : String.join(", ", r.installedNextHops())).append('\n');
        return sb.toString();
    }

    /** Time of day for today's events (as calicoctl does), the date for older ones. */
    String since(String iso) {
        if (iso == null) return "";
        Instant t = Instant.parse(iso);
        var local = t.atZone(zone);
        boolean today = local.toLocalDate().equals(now.atZone(zone).toLocalDate());
        return today ? local.truncatedTo(ChronoUnit.SECONDS).toLocalTime().format(DateTimeFormatter.ISO_LOCAL_TIME)
                : local.toLocalDate().toString();
    }

    private static String counts(Map<String, Long> m) {
        if (m == null || m.isEmpty()) return "none";
        return m.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(String.format("%-15s %s%n", name + ":", value == null ? "" : value));
    }
}
