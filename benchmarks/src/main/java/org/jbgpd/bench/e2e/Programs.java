package org.jbgpd.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a program is installed on PATH (plus the sbin directories root usually has). */
final class Programs {
    private Programs() {}

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin:/usr/local/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
