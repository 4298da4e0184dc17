package org.jbgpd.bench.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.CodecOptions;
import org.jbgpd.wire.DecodeResult;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.MessageDecoder;
import org.jbgpd.wire.MessageEncoder;
import org.jbgpd.wire.Origin;
import org.jbgpd.wire.PathAttributes;
import org.jbgpd.wire.PrefixBatch;
import org.jbgpd.wire.Update;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The session's decode of a diverse full table as BIRD 2 sends it (ADR 0093, 0107): one UPDATE per /24, {@code sets}
 * distinct attribute sets (ORIGIN, a 2-6 hop 4-octet AS_PATH, NEXT_HOP, 0-4 COMMUNITIES), each set sent again every
 * {@code sets} UPDATEs, {@code rounds} (eight) times. One operation decodes the whole stream through a new {@code MessageDecoder}
 * (a session's first full table: the first sight of each set is a miss, the seven others are hits in a table too large
 * for the caches). Single shot: an operation is a million UPDATEs.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders"})
@State(Scope.Thread)
public class DiverseDecodeBenchmark {

    @Param({"125000"})
    public int sets;

    static final CodecOptions FOUR_OCTET_AS = new CodecOptions(true, false, Set.of());
    private ByteBuf stream;

    /** How many times each set is sent; 8 is a full table (ADR 0093), more keeps a few sets in the caches. */
    @Param({"8"})
    public int rounds;

    @Setup
    public void setUp() { stream = stream(sets, rounds); }

    /** The stream: {@code rounds} rounds of one UPDATE per set, one /24 each, in a direct buffer. */
    static ByteBuf stream(int sets, int rounds) {
        Random random = new Random(107);
        PathAttributes[] attrs = new PathAttributes[sets];
        IpAddress nextHop = IpAddress.parse("198.51.100.11");
        for (int s = 0; s < sets; s++) {
            long[] path = new long[2 + random.nextInt(5)];
            path[0] = 64512;
            for (int i = 1; i < path.length; i++) path[i] = 1 + random.nextInt(400_000);
            int[] communities = new int[random.nextInt(5)];
            for (int i = 0; i < communities.length; i++) communities[i] = (int) path[1 + random.nextInt(path.length - 1)] << 16 | random.nextInt(1000);
            attrs[s] = PathAttributes.builder().origin(Origin.IGP).asPath(AsPath.sequence(path)).nextHop(nextHop).communities(communities).build();
        }
        MessageEncoder encoder = new MessageEncoder(FOUR_OCTET_AS);
        ByteBuf stream = ByteBufAllocator.DEFAULT.directBuffer(rounds * sets * 64);
        int prefix = 0;
        for (int round = 0; round < rounds; round++) {
            for (int s = 0; s < sets; s++, prefix++) {
                long packed = org.jbgpd.wire.IpPrefix.packV4(0x0b000000 + (prefix << 8), 24);
                encoder.encode(Update.announce(attrs[s], PrefixBatch.ofPackedV4(new long[] {packed}, null)), stream);
            }
        }
        return stream;
    }

    @TearDown
    public void tearDown() { stream.release(); }

    @Benchmark
    public void firstFullTable(Blackhole bh) {
        stream.readerIndex(0);
        MessageDecoder decoder = new MessageDecoder(FOUR_OCTET_AS);
        DecodeResult r;
        while ((r = decoder.decode(stream)) != null) bh.consume(r);
    }
}
