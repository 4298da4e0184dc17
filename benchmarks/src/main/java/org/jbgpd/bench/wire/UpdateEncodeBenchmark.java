package org.jbgpd.bench.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.CodecOptions;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import org.jbgpd.wire.MessageEncoder;
import org.jbgpd.wire.Origin;
import org.jbgpd.wire.PathAttributes;
import org.jbgpd.wire.PrefixBatch;
import org.jbgpd.wire.Update;
import org.jbgpd.wire.UpdatePacker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The sending side: 100 000 IPv4 /24s behind one attribute set packed into 4096-octet UPDATEs
 * ({@link UpdatePacker}) and encoded into one reused buffer, as a session does for an Adj-RIB-Out
 * dump. The "prefixes" secondary result is prefixes encoded per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class UpdateEncodeBenchmark {

    private final CodecOptions options = new CodecOptions(true, false, Set.of());
    private final UpdatePacker packer = new UpdatePacker(options);
    private final MessageEncoder encoder = new MessageEncoder(options);
    private final ByteBuf out = Unpooled.directBuffer(4096);
    private PathAttributes attributes;
    private PrefixBatch table;

    @Setup
    public void setUp() {
        attributes = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(64512))
                .nextHop(IpAddress.parse("198.51.100.250"))
                .communities(0xfc000001)
                .build();
        long[] packed = new long[100_000];
        for (int i = 0; i < packed.length; i++) packed[i] = IpPrefix.packV4(0x0a000000 + (i << 8), 24);
        table = PrefixBatch.ofPackedV4(packed, null);
    }

    @Benchmark
    public void packAndEncodeSlash24s(PrefixCounters c, Blackhole bh) {
        for (Update u : packer.announce(attributes, table)) {
            out.clear();
            encoder.encode(u, out);
            c.prefixes += u.nlri().size();
            c.messages++;
            bh.consume(out.writerIndex());
        }
    }
}
