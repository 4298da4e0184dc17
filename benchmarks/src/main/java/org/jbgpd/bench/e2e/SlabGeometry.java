package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shape of the {@code ip_fib_alias} slab cache, which bounds how far a slab-dated finish can be
 * early (ADR 0098): SLUB counts the free objects of every CPU's slab and of its per-CPU partial
 * slabs as in use, so up to that many routes can go in without the published count moving. Per CPU
 * at most one active slab plus {@code ceil(2 x cpu_partial / objs_per_slab)} partial slabs (the
 * kernel's own limit on the per-CPU partial list); on this machine (2 CPUs, 73 objects per slab,
 * cpu_partial 120) 2 x (1 + 4) x 73 = 730 routes.
 * {@code aliases} &gt; 0: the cache is merged with others of the same size, so its count is no route count.
 */
record SlabGeometry(int cpus, int objectsPerSlab, int cpuPartial, int aliases) {
    static final Path IP_FIB_ALIAS = Path.of("/sys/kernel/slab/ip_fib_alias");

    /** Routes that may be installed after the last step of the count, at most. */
    long slackObjects() {
        long partialSlabs = (2L * cpuPartial + objectsPerSlab - 1) / objectsPerSlab;
        return (long) cpus * (1 + partialSlabs) * objectsPerSlab;
    }

    /** Whether the cache's count can date a finish: it exists and holds only fib aliases. */
    boolean usable() {
        return objectsPerSlab > 0 && aliases == 0;
    }

    /** The geometry of {@code dir} (a /sys/kernel/slab cache), or null where it cannot be read. */
    static SlabGeometry read(Path dir) {
        try {
            return new SlabGeometry(Runtime.getRuntime().availableProcessors(), number(dir.resolve("objs_per_slab")),
                    number(dir.resolve("cpu_partial")), number(dir.resolve("aliases")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int number(Path file) throws IOException {
        return Integer.parseInt(Files.readString(file).strip().split("\\s+")[0]);
    }
}
