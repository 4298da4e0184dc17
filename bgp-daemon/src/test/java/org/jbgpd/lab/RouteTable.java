package org.jbgpd.lab;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Prefix to next-hop set, read from `ip route show` or BIRD's `show route` text. Both print a
 * prefix at the start of a line and its next hops as "via ADDRESS", on that line or on the
 * indented lines under it (kernel multipath "nexthop via", BIRD's further paths).
 */
record RouteTable(Map<String, Set<String>> nextHops) {

    static RouteTable parse(String text) {
        Map<String, Set<String>> routes = new TreeMap<>();
        String current = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("BIRD ")) continue;
            String[] words = line.strip().split("\\s+");
            if (!Character.isWhitespace(line.charAt(0))) {
                int first = words[0].equals("blackhole") || words[0].equals("unreachable") ? 1 : 0;
                current = Prefixes.normalize(words[first]);
                routes.computeIfAbsent(current, k -> new TreeSet<>());
            }
            for (int i = 0; i + 1 < words.length; i++) {
                if (words[i].equals("via") && current != null) routes.get(current).add(words[i + 1]);
            }
        }
        return new RouteTable(routes);
    }

    Set<String> prefixes() { return nextHops.keySet(); }

    Set<String> via(String prefix) { return nextHops.getOrDefault(Prefixes.normalize(prefix), Set.of()); }

    @Override public String toString() { return nextHops.toString(); }
}
