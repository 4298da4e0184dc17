package org.jbgpd.bench.rib;

import org.jbgpd.policy.Policy;
import org.jbgpd.policy.PolicyMatch;
import org.jbgpd.policy.PolicyRule;
import org.jbgpd.rib.OutboundSink;
import org.jbgpd.rib.RibConfig;
import org.jbgpd.rib.RibPeer;
import org.jbgpd.rib.RouteEngine;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.Update;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Route changes per second through the engine (queue, Adj-RIB-In, import policy, decision, FIB
 * batch) with a table already loaded from two reflectors. Each invocation re-announces 10,000
 * prefixes from reflector 1 with other attribute sets than it announced last time (feeds A and B
 * differ in every UPDATE), so every one is a real change that goes through the import policy and
 * the decision, and waits for the engine to finish. One op = one route change.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar EngineUpdateBenchmark</pre>
 *
 * The caller thread blocks (does not spin) while the engine works, so on an idle machine the score
 * is what one core does; on a shared machine read it with the load average.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineUpdateBenchmark {

    private static final int CHUNK = 100; // UPDATEs of 100 prefixes per invocation

    @Param({"1000000"})
    public int prefixes;

    private final IpAddress rr1 = IpAddress.parse("198.51.100.11");
    private final IpAddress rr2 = IpAddress.parse("198.51.100.12");
    private RouteEngine engine;
    private List<Update>[] chunksA;
    private List<Update>[] chunksB;
    private long invocation;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void load() throws Exception {
        engine = new RouteEngine(RibConfig.of(IpAddress.parse("198.51.100.250"), 64512, true), new CountingFib(), OutboundSink.NONE,
                prefixes, 1024);
        engine.start();
        engine.peerUp(peer("rr1", rr1));
        engine.peerUp(peer("rr2", rr2));
        FullTableFeed feedA = new FullTableFeed(Family.IPV4_UNICAST, prefixes, 10_000, 100, 0);
        FullTableFeed feedB = new FullTableFeed(Family.IPV4_UNICAST, prefixes, 10_000, 100, 1); // other sets, same prefixes
        int n = feedA.updateCount() / CHUNK;
        chunksA = new List[n];
        chunksB = new List[n];
        for (int i = 0; i < n; i++) {
            chunksA[i] = feedA.chunk(1, i * CHUNK, (i + 1) * CHUNK);
            chunksB[i] = feedB.chunk(1, i * CHUNK, (i + 1) * CHUNK);
            engine.updates(rr1, chunksA[i]);
            engine.updates(rr2, feedA.chunk(2, i * CHUNK, (i + 1) * CHUNK));
            if (i % 64 == 0) engine.barrier().get();
        }
        engine.barrier().get();
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK * 100)
    public void reannounce() throws Exception {
        int n = chunksA.length;
        long k = invocation++;
        int i = (int) (k % n);
        boolean toB = (k / n) % 2 == 0; // first pass A -> B, second pass B -> A, ...
        engine.updates(rr1, toB ? chunksB[i] : chunksA[i]);
        engine.barrier().get();
    }

    private long cpuAtStart;
    private long changesAtStart;

    @Setup(Level.Iteration)
    public void iterationStart() {
        cpuAtStart = EngineCpu.nanos();
        changesAtStart = invocation;
    }

    /** Wall-clock throughput on a shared machine understates one core: print the engine thread's own CPU rate too. */
    @TearDown(Level.Iteration)
    public void iterationEnd() {
        double cpu = (EngineCpu.nanos() - cpuAtStart) / 1e9;
        long changes = (invocation - changesAtStart) * CHUNK * 100L;
        System.out.printf("  [engine thread: %,d route changes in %.3f CPU s = %,.0f changes per CPU second]%n", changes, cpu, changes / cpu);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        engine.close();
    }

    /** A policy in the shape of a gateway's: reject the pod CIDR from reflectors, accept up to /24, reject the rest. */
    static Policy importPolicy() {
        return new Policy("bench", List.of(
                PolicyRule.reject(PolicyMatch.prefix(IpPrefix.parse("10.0.0.0/8"), 8, 32)),
                PolicyRule.accept(PolicyMatch.prefix(IpPrefix.parse("0.0.0.0/0"), 8, 24)),
                PolicyRule.reject(PolicyMatch.ANY)));
    }

    static RibPeer peer(String name, IpAddress a) {
        return new RibPeer(name, a, IpAddress.parse("198.51.100.250"), 64512, 64512, a,
                Set.of(Family.IPV4_UNICAST), Set.of(), null, importPolicy(), null, 0);
    }
}
