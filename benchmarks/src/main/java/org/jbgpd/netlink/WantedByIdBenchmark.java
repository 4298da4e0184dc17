package org.jbgpd.netlink;

import org.jbgpd.fib.FibBatch;
import org.jbgpd.fib.NextHopSet;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The FIB's wanted routes by the engine's prefix id (ADR 0137), under the same load as {@link WantedTableBenchmark}:
 * batches of 4096 IPv4 /24s in BIRD 2's order into (or out of) a table of a million, caches emptied before each batch,
 * C1 only. The engine hands ids out in arrival order, so a batch of a load names consecutive ids. Lives in the netlink
 * package because the table is package-private.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders", "-Xmx1g", "-XX:TieredStopAtLevel=1"})
@State(Scope.Thread)
public class WantedByIdBenchmark {
    private static final int ROUTES = 1_000_000;
    private static final int BATCH = 4096;
    private static final int BATCHES = ROUTES / BATCH;

    private WantedRoutes wanted;
    private FibBatch[] announces;
    private FibBatch[] withdraws;
    private int next;
    private int removedAt = -1;
    private final long[] evict = new long[8 << 20]; // 64 MiB: more than any cache here
    private long sink;

    @Setup(Level.Trial)
    public void fill() {
        long[] order = WantedTableBenchmark.birdOrder();
        NextHopSet hops = NextHopSet.of(org.jbgpd.fib.NextHop.of(IpAddress.parse("192.0.2.2")));
        announces = new FibBatch[BATCHES];
        withdraws = new FibBatch[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            FibBatch.Builder a = FibBatch.builder(b + 1, BATCH), w = FibBatch.builder(b + 1, BATCH);
            for (int i = 0; i < BATCH; i++) {
                int id = b * BATCH + i;
                a.replace(Family.IPV4_UNICAST, order[id], 0, 24, hops, id);
                w.withdraw(Family.IPV4_UNICAST, order[id], 0, 24, id);
            }
            announces[b] = a.build();
            withdraws[b] = w.build();
        }
        wanted = new WantedRoutes();
        wanted.useEngineIds(new OwnPrefixIds());
        for (FibBatch a : announces) for (int i = 0; i < a.size(); i++) wanted.put(a, i, 1);
    }

    @Setup(Level.Invocation)
    public void nextBatch() {
        if (removedAt >= 0) { // put back what the last remove took out (untimed)
            FibBatch a = announces[removedAt];
            for (int i = 0; i < a.size(); i++) wanted.put(a, i, 1);
            removedAt = -1;
        }
        next = next + 1 == BATCHES ? 0 : next + 1;
        long s = 0;
        for (int i = 0; i < evict.length; i += 8) s += evict[i]++;
        sink += s;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long put() {
        FibBatch a = announces[next];
        long s = 0;
        for (int i = 0; i < BATCH; i++) s += wanted.put(a, i, 2 - (i & 1));
        return s + sink;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long remove() {
        FibBatch w = withdraws[next];
        removedAt = next;
        long s = 0;
        for (int i = 0; i < BATCH; i++) s += wanted.remove(w, i);
        return s + sink;
    }
}
