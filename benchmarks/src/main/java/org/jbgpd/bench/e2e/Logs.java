package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a daemon's log, for saying why it is not available. */
final class Logs {
    private Logs() {}

    static String tail(Path log, int lines) {
        try {
            if (!Files.exists(log)) return "(no output)";
            List<String> all = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            String joined = String.join(" / ", last.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
            return joined.isEmpty() ? "(no output)" : joined;
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
