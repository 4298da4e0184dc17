package org.jbgpd.bench.rib;

import org.jbgpd.rib.OutboundSink;
import org.jbgpd.rib.RibConfig;
import org.jbgpd.rib.RouteEngine;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Issue 4: a full table from two route reflectors, then reflector 1 (the best path of every
 * prefix, lower address) goes down with a NOTIFICATION: every path of it is removed and every
 * prefix's best path moves to reflector 2. One op = the whole withdraw, from the peer-down event
 * to the FIB batch. Target: under 1 s for 1M prefixes. Since both reflectors reflect the same next
 * hops, the FIB counter must stay at 0 (no kernel operation on a reflector failover); the
 * benchmark fails otherwise.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PeerWithdrawBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class PeerWithdrawBenchmark {

    @Param({"1000000"})
    public int prefixes;

    private final IpAddress rr1 = IpAddress.parse("198.51.100.11");
    private final IpAddress rr2 = IpAddress.parse("198.51.100.12");
    private RouteEngine engine;
    private CountingFib fib;
    private FullTableFeed feed;

    @Setup(Level.Trial)
    public void start() {
        fib = new CountingFib();
        engine = new RouteEngine(RibConfig.of(IpAddress.parse("198.51.100.250"), 64512, true), fib, OutboundSink.NONE, prefixes, 1024);
        engine.start();
        feed = new FullTableFeed(Family.IPV4_UNICAST, prefixes, 10_000, 100);
    }

    /** Both reflectors up with the full table (not timed). */
    @Setup(Level.Invocation)
    public void load() throws Exception {
        engine.peerUp(EngineUpdateBenchmark.peer("rr1", rr1));
        engine.peerUp(EngineUpdateBenchmark.peer("rr2", rr2));
        for (int u = 0; u < feed.updateCount(); u += 1000) {
            int to = Math.min(feed.updateCount(), u + 1000);
            engine.updates(rr1, feed.chunk(1, u, to));
            engine.updates(rr2, feed.chunk(2, u, to));
            engine.barrier().get();
        }
        System.gc();
    }

    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class FibOperations {
        public long fibOperations;
    }

    @Benchmark
    public void withdrawOnePeerOfTwo(FibOperations counter) throws Exception {
        long before = fib.operations.get();
        engine.peerDown(rr1, true);
        engine.barrier().get();
        long ops = fib.operations.get() - before;
        counter.fibOperations += ops;
        if (ops != 0) throw new IllegalStateException(ops + " FIB operations on a reflector failover with the same next hops");
    }

    /** Back to an empty engine for the next invocation (not timed). */
    @TearDown(Level.Invocation)
    public void unload() throws Exception {
        engine.peerDown(rr2, true);
        engine.barrier().get();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        engine.close();
    }
}
