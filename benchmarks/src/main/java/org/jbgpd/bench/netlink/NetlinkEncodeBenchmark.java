package org.jbgpd.bench.netlink;

import org.jbgpd.netlink.MessageWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;

/**
 * The user-space half of a kernel route write: 1000 IPv4 RTM_NEWROUTE requests (nlmsghdr, rtmsg,
 * RTA_DST, RTA_TABLE, RTA_PRIORITY, RTA_GATEWAY: the messages KernelRouteWriter sends) encoded
 * with {@link MessageWriter} into one reused 64 KiB native segment, no socket. Throughput is
 * requests per second; ADR 0036 has the same loop under C1 only (the launcher's JIT setting).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class NetlinkEncodeBenchmark {
    private static final int ROUTES = 1000;
    private static final int RTM_NEWROUTE = 24;
    private static final int FLAGS = 0x1 | 0x400 | 0x100; // NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE
    private static final int RTA_DST = 1, RTA_GATEWAY = 5, RTA_PRIORITY = 6, RTA_TABLE = 15;

    private final Arena arena = Arena.ofShared();
    private final MessageWriter out = new MessageWriter(arena.allocate(64 << 10, 8));
    private int seq;

    @Benchmark
    @OperationsPerInvocation(ROUTES)
    public int encodeIpv4Replaces() {
        out.reset();
        for (int i = 0; i < ROUTES; i++) {
            int start = out.beginMessage(RTM_NEWROUTE, FLAGS, ++seq);
            out.rtmsg(2, 24, 254, 186, 0, 1);
            out.attrV4(RTA_DST, 0x0a000000 | i << 8);
            out.attrU32(RTA_TABLE, 254);
            out.attrU32(RTA_PRIORITY, 20);
            out.attrV4(RTA_GATEWAY, 0xc0000202);
            out.endMessage(start);
        }
        return out.position();
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }
}
