package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A nearly free estimate of how many IPv4 routes the kernel holds, used only to decide when the
 * exact count (a walk of the whole trie in /proc/net/fib_triestat, ~44 ms of CPU at 1M routes) is
 * worth reading (ADR 0098). Every IPv4 route owns one object of the kernel's {@code ip_fib_alias}
 * slab cache; SLUB publishes the cache's objects in use in /sys/kernel/slab (about 0.03 ms a read).
 * The cache is shared by all namespaces and SLUB counts its per-CPU slabs as in use, so the figure
 * is an estimate that moves with the install, never the measurement: the finish is always an
 * exact read.
 */
final class SlabProgress {
    static final Path IP_FIB_ALIAS = Path.of("/sys/kernel/slab/ip_fib_alias/objects");

    private final Path file;
    private long exact;
    private long objectsAtExact;

    private SlabProgress(Path file) {
        this.file = file;
    }

    /** The estimate for IPv4 counts, or null where the kernel does not publish the cache (then every read is exact). */
    static SlabProgress ipv4() {
        SlabProgress progress = new SlabProgress(IP_FIB_ALIAS);
        return progress.objects() < 0 ? null : progress;
    }

    /** Call just before each exact read with the exact count it returned afterwards. */
    void exact(long count, long objectsBefore) {
        exact = count;
        objectsAtExact = objectsBefore;
    }

    /** The last exact count moved by what the cache gained since; -1 when the file could not be read. */
    long estimate(long objects) {
        return objects < 0 ? -1 : exact + (objects - objectsAtExact);
    }

    /** Objects in use of the cache (first field of the file), or -1. */
    long objects() {
        return objects(file);
    }

    /** Objects in use of a cache (first field of its {@code objects} file), or -1. */
    static long objects(Path file) {
        try {
            String text = Files.readString(file);
            int end = 0;
            while (end < text.length() && Character.isDigit(text.charAt(end))) end++;
            return end == 0 ? -1 : Long.parseLong(text, 0, end, 10);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
