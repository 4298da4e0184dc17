package org.jbgpd.bench.rib;

import org.jbgpd.rib.OutboundSink;
import org.jbgpd.rib.RibConfig;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A full table loaded into an empty engine from one peer, as the e2e run's install phase does it: new prefixes
 * (PrefixIndex inserts and growth), one path each, decision and FIB batches. One op = the whole load; the engine
 * is made with the daemon's default sizes (8k IPv4, so the index grows all the way to 1M). The score is wall time;
 * on a shared machine read the engine thread's CPU per route that each iteration prints.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar EngineLoadBenchmark</pre>
 *
 * {@code shape}: {@code uniform} = one attribute set, 800 prefixes per UPDATE (BIRD 2's /24s in 4 KiB UPDATEs);
 * {@code diverse} = 100,000 attribute sets, 4 prefixes per UPDATE; {@code diverse-bird} = 125,000 sets, one prefix per UPDATE,
 * each set one object sent eight times 125k UPDATEs apart (BIRD 2's diverse full table as the session hands it on, ADR 0121).
 * After each iteration the peer goes down and the engine thread's CPU for removing every route is printed too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders"})
@Warmup(iterations = 3)
@Measurement(iterations = 8)
public class EngineLoadBenchmark {

    private static final int UPDATES_PER_CALL = 256;

    @Param({"1000000"})
    public int prefixes;

    @Param({"uniform", "diverse", "diverse-bird"})
    public String shape;

    private final IpAddress rr1 = IpAddress.parse("198.51.100.11");
    private List<Update>[] calls;
    private RouteEngine engine;
    private long cpuAtStart;
    private long allocatedAtStart;
    private double cpuTotal;
    private int iterations;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void feed() {
        FullTableFeed feed = switch (shape) {
            case "uniform" -> new FullTableFeed(Family.IPV4_UNICAST, prefixes, 1, 800);
            case "diverse" -> new FullTableFeed(Family.IPV4_UNICAST, prefixes, 100_000, 4);
            default -> new FullTableFeed(Family.IPV4_UNICAST, prefixes, prefixes / 8, 1).sharingSets();
        };
        int n = (feed.updateCount() + UPDATES_PER_CALL - 1) / UPDATES_PER_CALL;
        calls = new List[n];
        for (int i = 0; i < n; i++) calls[i] = feed.chunk(1, i * UPDATES_PER_CALL, Math.min(feed.updateCount(), (i + 1) * UPDATES_PER_CALL));
    }

    @Setup(Level.Iteration)
    public void emptyEngine() throws Exception {
        engine = new RouteEngine(RibConfig.of(IpAddress.parse("198.51.100.250"), 64512, true), new CountingFib(), OutboundSink.NONE,
                8192, 1024);
        engine.start();
        engine.peerUp(EngineUpdateBenchmark.peer("rr1", rr1));
        engine.barrier().get();
        cpuAtStart = EngineCpu.nanos();
        allocatedAtStart = EngineCpu.allocatedBytes();
    }

    @Benchmark
    public void load() throws Exception {
        for (int i = 0; i < calls.length; i++) {
            engine.updates(rr1, calls[i]);
            if (i % 16 == 15) engine.barrier().get(); // bounds the queue as the session's flow control does
        }
        engine.barrier().get();
    }

    @TearDown(Level.Iteration)
    public void iterationEnd() throws Exception {
        double cpu = (EngineCpu.nanos() - cpuAtStart) / 1e9;
        long allocated = EngineCpu.allocatedBytes() - allocatedAtStart;
        long withdrawStart = EngineCpu.nanos();
        engine.peerDown(rr1, true); // a NOTIFICATION: every route goes at once, as when the e2e feeder goes away
        engine.barrier().get();
        double withdrawCpu = (EngineCpu.nanos() - withdrawStart) / 1e9;
        engine.close();
        engine = null;
        cpuTotal += cpu;
        iterations++;
        System.out.printf("  [engine thread: %,d routes in %.3f CPU s = %.0f ns per route; mean so far %.0f ns; %.0f B allocated per route; peer down: %.0f ns per route]%n",
                prefixes, cpu, cpu * 1e9 / prefixes, cpuTotal * 1e9 / prefixes / iterations, (double) allocated / prefixes,
                withdrawCpu * 1e9 / prefixes);
    }
}
