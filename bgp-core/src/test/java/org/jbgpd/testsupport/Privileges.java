package org.jbgpd.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Guards for tests that need root, network namespaces or external daemons (BIRD, FRR, GoBGP).
 * Outside CI such a test is skipped with one line saying why; with CI=true a missing
 * prerequisite fails the test instead, because CI must run everything.
 */
public final class Privileges {
    private Privileges() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static boolean isRoot() {
        try {
            // /proc/self/status "Uid:" line: real, effective, saved, fs.
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.split("\\s+")[2].equals("0");
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Skips (or in CI fails) unless running as root, which network namespaces need. */
    public static void requireRoot() {
        require(isRoot(), "needs root (network namespaces); run as root or in CI");
    }

    /** Skips (or in CI fails) unless {@code program} is on PATH. */
    public static void requireProgram(String program, String installHint) {
        require(onPath(program), program + " not installed (" + installHint + ")");
    }

    public static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    /** Skips with {@code why}, or fails with it when CI=true. */
    public static void require(boolean condition, String why) {
        if (condition) return;
        if (inCi()) throw new AssertionError("CI=true, so this test may not be skipped: " + why);
        System.err.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }
}
