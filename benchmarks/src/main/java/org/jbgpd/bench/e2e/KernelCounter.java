package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts the routes in the receiver namespace's kernel without listing them: the IPv4 main
 * table's "Prefixes:" from fib_triestat (with no policy rules the local table shares that trie
 * and is printed twice, so only the Main section is read), and IPv6's fib_rt_entries, the fourth
 * field of rt6_stats. Both are cheap next to a dump of a million routes; the harness compares
 * them with the count taken before the receiver started.
 */
final class KernelCounter implements RouteCounter {
    private final Path file;
    private final boolean v6;

    KernelCounter(Path procNet, boolean v6) {
        this.v6 = v6;
        this.file = procNet.resolve(v6 ? "rt6_stats" : "fib_triestat");
    }

    @Override
    public long count() {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BenchException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return v6 ? parseRt6Stats(text) : parseTrieStat(text);
    }

    static long parseRt6Stats(String text) {
        String[] fields = text.strip().split("\\s+");
        if (fields.length < 4) throw new BenchException("unexpected rt6_stats: " + text);
        return Long.parseLong(fields[3], 16);
    }

    static long parseTrieStat(String text) {
        boolean inMain = false;
        for (String line : text.split("\n")) {
            if (!line.startsWith("\t") && !line.startsWith(" ")) {
                inMain = line.startsWith("Main:");
                continue;
            }
            String l = line.strip();
            if (inMain && l.startsWith("Prefixes:")) return Long.parseLong(l.substring("Prefixes:".length()).strip());
        }
        throw new BenchException("no Main prefix count in fib_triestat");
    }

    /**
     * The same count from one descriptor kept open and re-read at offset 0 (procfs shows the file anew
     * there), for a caller that reads every millisecond ({@link FirstRoute}): no open and close per read
     * (ADR 0096 addendum). Close it when done.
     */
    KeptOpen keptOpen() {
        return new KeptOpen();
    }

    final class KeptOpen implements AutoCloseable {
        private final KeptOpenFile kept = new KeptOpenFile(file);
        private ByteBuffer buffer = ByteBuffer.allocate(4096);

        long count() {
            try {
                buffer.clear();
                while (true) {
                    int n = kept.read(buffer, buffer.position());
                    if (n < 0) break;
                    if (!buffer.hasRemaining()) buffer = ByteBuffer.allocate(buffer.capacity() * 2).put(buffer.flip());
                }
            } catch (IOException e) {
                close();
                throw new BenchException("cannot read " + file + ": " + e.getMessage(), e);
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
            return v6 ? parseRt6Stats(text) : parseTrieStat(text);
        }

        @Override
        public void close() {
            kept.close();
        }
    }

    boolean v6() {
        return v6;
    }

    @Override
    public String describe() {
        return v6 ? "rt6_stats fib_rt_entries" : "fib_triestat Main prefixes";
    }
}
