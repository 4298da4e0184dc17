package org.jbgpd.bench.rib;

import org.jbgpd.rib.OutboundSink;
import org.jbgpd.rib.RibConfig;
import org.jbgpd.rib.RibPeer;
import org.jbgpd.rib.RouteEngine;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
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
 * batch) with a table already loaded from two reflectors: each invocation re-announces 10,000
 * prefixes from reflector 1 with other attribute sets, so every one is a real change, and waits
 * for the engine to finish. The score is route changes per second (one op = one route change).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar EngineUpdateBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineUpdateBenchmark {

    private static final int CHUNK = 100; // UPDATEs of 100 prefixes per invocation

    @Param({"100000"})
    public int prefixes;

    private final IpAddress rr1 = IpAddress.parse("198.51.100.11");
    private final IpAddress rr2 = IpAddress.parse("198.51.100.12");
    private RouteEngine engine;
    private FullTableFeed feedA;
    private FullTableFeed feedB;
    private List<Update>[] chunksA;
    private List<Update>[] chunksB;
    private int next;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void load() throws Exception {
        engine = new RouteEngine(RibConfig.of(IpAddress.parse("198.51.100.250"), 64512, true), new CountingFib(), OutboundSink.NONE);
        engine.start();
        engine.peerUp(peer("rr1", rr1));
        engine.peerUp(peer("rr2", rr2));
        feedA = new FullTableFeed(Family.IPV4_UNICAST, prefixes, 1000, 100);
        feedB = new FullTableFeed(Family.IPV4_UNICAST, prefixes, 997, 100); // other sets for the same prefixes
        int n = feedA.updateCount() / CHUNK;
        chunksA = new List[n];
        chunksB = new List[n];
        for (int i = 0; i < n; i++) {
            chunksA[i] = feedA.chunk(1, i * CHUNK, (i + 1) * CHUNK);
            chunksB[i] = feedB.chunk(1, i * CHUNK, (i + 1) * CHUNK);
        }
        for (List<Update> c : chunksA) engine.updates(rr1, c);
        for (int i = 0; i < n; i++) engine.updates(rr2, feedA.chunk(2, i * CHUNK, (i + 1) * CHUNK));
        engine.barrier().get();
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK * 100)
    public void reannounce() throws Exception {
        int n = chunksA.length;
        int i = next++ % (2 * n);
        engine.updates(rr1, i < n ? chunksB[i] : chunksA[i - n]); // flips the attributes of 10,000 prefixes
        engine.barrier().get();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        engine.close();
    }

    private static RibPeer peer(String name, IpAddress a) {
        return new RibPeer(name, a, IpAddress.parse("198.51.100.250"), 64512, 64512, a,
                Set.of(Family.IPV4_UNICAST), Set.of(), null, null, null, 0);
    }
}
