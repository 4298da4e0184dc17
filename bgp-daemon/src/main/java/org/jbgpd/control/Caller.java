package org.jbgpd.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Who is on the other end of a control connection, from SO_PEERCRED. SO_PEERCRED carries only
 * the primary group, so the supplementary groups are read from /proc/PID/status.
 */
public record Caller(int pid, int uid, Set<Integer> gids) {

    public Caller {
        gids = Set.copyOf(gids);
    }

    static Caller of(int pid, int uid, int[] peerCredGids) {
        Set<Integer> gids = new HashSet<>();
        for (int g : peerCredGids) gids.add(g);
        gids.addAll(supplementaryGroups(pid));
        return new Caller(pid, uid, gids);
    }

    static Set<Integer> supplementaryGroups(int pid) {
        Set<Integer> out = new HashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"))) {
                if (!line.startsWith("Groups:")) continue;
                for (String g : line.substring(7).trim().split("\\s+")) {
                    if (!g.isEmpty()) out.add(Integer.parseInt(g));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // The process may already be gone; then only the primary group counts.
        }
        return out;
    }
}
