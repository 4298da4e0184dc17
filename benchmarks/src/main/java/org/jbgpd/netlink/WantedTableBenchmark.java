package org.jbgpd.netlink;

import org.jbgpd.wire.Family;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The prefix map the FIB kept its wanted routes in until ADR 0137 (it still holds the stale, refused and retrying
 * sets; {@link WantedByIdBenchmark} is the wanted table now), as fib-sync used it in a 1M install or withdraw (ADR
 * 0123): a batch of 4096 IPv4 /24s,
 * in the order BIRD 2 sends them, put into (or removed from) a table of a million, with the caches emptied before
 * each batch (between two batches fib-sync spends milliseconds in the kernel, which takes the cache). Run with the
 * launcher's JIT flags (C1 only), as fib-sync runs. {@code touchRun} = 0 is the plain loop; above 0 the table's home
 * slots of each run of that many prefixes are read first ({@link PrefixMap#touch}), so their misses overlap.
 * Lives in the netlink package because the table is package-private.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders", "-Xmx1g", "-XX:TieredStopAtLevel=1"})
@State(Scope.Thread)
public class WantedTableBenchmark {
    private static final int ROUTES = 1_000_000;
    private static final int BATCH = 4096;
    private static final int V4_BASE = 10 << 24;

    @Param({"0", "128"})
    public int touchRun;

    private PrefixMap map;
    private long[] order;
    private int next;
    private int removedAt = -1;
    private final long[] evict = new long[8 << 20]; // 64 MiB: more than any cache here
    private long sink;

    @Setup(Level.Trial)
    public void fill() {
        order = birdOrder();
        map = new PrefixMap();
        for (long a : order) map.put(Family.IPV4_UNICAST, a, 0, 24, 1);
    }

    /** The e2e's uniform /24s in BIRD 2's FIB-hash order (ADR 0123). */
    static long[] birdOrder() {
        long[] byHash = new long[ROUTES];
        for (int i = 0; i < ROUTES; i++) {
            long a = (V4_BASE + ((long) i << 8)) & 0xffff_ffffL;
            long h = ((a * 2902958171L) & 0xffff_ffffL) ^ (24L << 26);
            byHash[i] = h << 32 | a; // sort by hash, keep the address
        }
        java.util.Arrays.sort(byHash);
        for (int i = 0; i < ROUTES; i++) byHash[i] &= 0xffff_ffffL;
        return byHash;
    }

    @Setup(Level.Invocation)
    public void nextBatch() {
        if (removedAt >= 0) { // put back what the last remove took out (untimed)
            for (int i = removedAt; i < removedAt + BATCH; i++) map.put(Family.IPV4_UNICAST, order[i], 0, 24, 1);
            removedAt = -1;
        }
        next += BATCH;
        if (next + BATCH > ROUTES) next = 0;
        long s = 0;
        for (int i = 0; i < evict.length; i += 8) s += evict[i]++;
        sink += s;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long put() {
        int from = next, to = from + BATCH;
        int run = touchRun == 0 ? BATCH : touchRun;
        long s = 0;
        for (int c = from; c < to; c += run) {
            int end = Math.min(to, c + run);
            if (touchRun > 0) for (int i = c; i < end; i++) s += map.touch(Family.IPV4_UNICAST, order[i], 24);
            for (int i = c; i < end; i++) s += map.put(Family.IPV4_UNICAST, order[i], 0, 24, 2 - (i & 1));
        }
        return s + sink;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long remove() {
        int from = next, to = from + BATCH;
        removedAt = from;
        int run = touchRun == 0 ? BATCH : touchRun;
        long s = 0;
        for (int c = from; c < to; c += run) {
            int end = Math.min(to, c + run);
            if (touchRun > 0) for (int i = c; i < end; i++) s += map.touch(Family.IPV4_UNICAST, order[i], 24);
            for (int i = c; i < end; i++) s += map.remove(Family.IPV4_UNICAST, order[i], 0, 24);
        }
        return s + sink;
    }
}
