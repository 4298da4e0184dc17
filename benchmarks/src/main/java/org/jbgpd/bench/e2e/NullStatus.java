package org.jbgpd.bench.e2e;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the null receiver tells the harness through its status file (one line of key=value, ADR
 * 0111): whether a session is up, how many routes it holds (announced minus withdrawn while the
 * session is up; none once it went down, as a daemon drops a peer's routes), the totals, and
 * when the last UPDATE that announced something and the first End-of-RIB arrived (null: not yet).
 */
record NullStatus(boolean sessionUp, long routes, long announced, long withdrawn, long updates, long bytes,
                  Instant lastAnnounce, Instant endOfRib) {

    static final NullStatus NONE = new NullStatus(false, 0, 0, 0, 0, 0, null, null);

    String render() {
        return String.format(Locale.ROOT, "session=%s routes=%d announced=%d withdrawn=%d updates=%d bytes=%d lastAnnounce=%s endOfRib=%s\n",
                sessionUp ? "up" : "down", routes, announced, withdrawn, updates, bytes, text(lastAnnounce), text(endOfRib));
    }

    /** Reads what {@link #render()} wrote; a line that is not complete (read while being replaced) is refused. */
    static NullStatus parse(String line) {
        Map<String, String> f = new HashMap<>();
        for (String part : line.strip().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) f.put(part.substring(0, eq), part.substring(eq + 1));
        }
        for (String key : new String[] {"session", "routes", "announced", "withdrawn", "updates", "bytes", "lastAnnounce", "endOfRib"}) {
            if (!f.containsKey(key)) throw new IllegalArgumentException("null receiver status without " + key + ": " + line.strip());
        }
        return new NullStatus(f.get("session").equals("up"), Long.parseLong(f.get("routes")), Long.parseLong(f.get("announced")),
                Long.parseLong(f.get("withdrawn")), Long.parseLong(f.get("updates")), Long.parseLong(f.get("bytes")),
                instant(f.get("lastAnnounce")), instant(f.get("endOfRib")));
    }

    private static String text(Instant t) {
        return t == null ? "-" : t.toString();
    }

    private static Instant instant(String text) {
        return text.equals("-") ? null : Instant.parse(text);
    }
}
