package org.jbgpd.bench.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jbgpd.wire.AsPath;
import org.jbgpd.wire.CodecOptions;
import org.jbgpd.wire.DecodeResult;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Decode throughput of UPDATE messages into the route engine's representation (PrefixBatch +
 * one PathAttributes per UPDATE), on one thread.
 *
 * <ul>
 *   <li>{@code realRisUpdates}: every BGP message of RIPE RIS updates.20160811.1600 (5 minutes of
 *       a full-table collector: mixed IPv4/IPv6, small UPDATEs, many attributes), through one long-lived decoder
 *       per kind of session (CodecOptions), as a session decodes its stream. From the second operation on, every
 *       attribute set of the file has been seen (ADR 0093: the decoder finds it again from its octets).</li>
 *   <li>{@code realRisStream}: the messages of the most common session kind of that file as one stream in a direct
 *       buffer, through {@code MessageDecoder.decode} (framing included), as a session's read path decodes.</li>
 *   <li>{@code realRisUpdatesFreshDecoders}: the same with new decoders for every operation: what the sets cost
 *       the first time they are seen (repeats inside the five minutes still hit).</li>
 *   <li>{@code fullSlash24Updates}: 4096-octet UPDATEs each packed with IPv4 /24 NLRI behind one
 *       Calico-like attribute set: the initial table transfer case.</li>
 * </ul>
 * The "prefixes" secondary result is prefixes decoded per second; with {@code -prof gc},
 * gc.alloc.rate.norm divided by the prefixes per operation shows what a prefix costs in heap.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class UpdateDecodeBenchmark {

    private ByteBuf[] ris;
    private CodecOptions[] risOptions;
    private MessageDecoder[] risDecoders;
    private ByteBuf[] full;
    private final MessageDecoder fullDecoder = new MessageDecoder(new CodecOptions(true, false, Set.of()));

    @Setup
    public void setUp() throws IOException {
        MrtUpdateMessages mrt = MrtUpdateMessages.read(MrtUpdateMessages.locate("updates.20160811.1600.gz"));
        ris = new ByteBuf[mrt.messages().size()];
        risOptions = new CodecOptions[ris.length];
        for (int i = 0; i < ris.length; i++) {
            ris[i] = Unpooled.wrappedBuffer(mrt.messages().get(i));
            risOptions[i] = mrt.options().get(i);
        }
        risDecoders = sessionDecoders(risOptions);
        full = fullSizeUpdates(64);
        streamOptions = mostCommon(risOptions);
        stream = io.netty.buffer.ByteBufAllocator.DEFAULT.directBuffer();
        for (int i = 0; i < ris.length; i++) if (risOptions[i].equals(streamOptions)) stream.writeBytes(ris[i], ris[i].readerIndex(), ris[i].readableBytes());
        streamDecoder = new MessageDecoder(streamOptions);
    }

    private ByteBuf stream;
    private CodecOptions streamOptions;
    private MessageDecoder streamDecoder;

    private static CodecOptions mostCommon(CodecOptions[] options) {
        java.util.Map<CodecOptions, Integer> counts = new java.util.HashMap<>();
        for (CodecOptions o : options) counts.merge(o, 1, Integer::sum);
        return java.util.Collections.max(counts.entrySet(), java.util.Map.Entry.comparingByValue()).getKey();
    }

    /**
     * The messages of the most common session kind as one stream in a direct buffer from Netty's default allocator,
     * framed and decoded by {@link MessageDecoder#decode} as the session's read path does (ADR 0101).
     */
    @Benchmark
    public void realRisStream(PrefixCounters c, Blackhole bh) {
        stream.readerIndex(0);
        DecodeResult r;
        while ((r = streamDecoder.decode(stream)) != null) {
            if (r instanceof DecodeResult.Ok ok && ok.message() instanceof Update u) {
                c.prefixes += u.announcedCount() + u.withdrawnCount();
                bh.consume(u);
            }
            c.messages++;
        }
    }

    /** {@code count} UPDATEs of 4096 octets at most, each as many distinct /24s as fit, one attribute set. */
    static ByteBuf[] fullSizeUpdates(int count) {
        PathAttributes attrs = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.EMPTY)
                .nextHop(IpAddress.parse("198.51.100.11"))
                .localPref(2147482623L)
                .build();
        MessageEncoder encoder = new MessageEncoder(new CodecOptions(true, false, Set.of()));
        ByteBuf[] out = new ByteBuf[count];
        int next = 0;
        for (int m = 0; m < count; m++) {
            // 19 header + 4 lengths + 25 attributes = 48; 4 octets per /24: (4096 - 48) / 4 = 1012.
            List<IpPrefix> prefixes = new ArrayList<>();
            for (int i = 0; i < 1012; i++, next++) prefixes.add(IpPrefix.unpackV4(IpPrefix.packV4(0x0a000000 + (next << 8), 24)));
            ByteBuf b = Unpooled.buffer(4096);
            encoder.encode(Update.announce(attrs, PrefixBatch.of(Family.IPV4_UNICAST, prefixes)), b);
            if (b.readableBytes() > 4096) throw new IllegalStateException("does not fit: " + b.readableBytes());
            out[m] = b;
        }
        return out;
    }

    /** One decoder per kind of session, shared by every message of that kind (message i uses element i). */
    private static MessageDecoder[] sessionDecoders(CodecOptions[] options) {
        java.util.Map<CodecOptions, MessageDecoder> byKind = new java.util.HashMap<>();
        MessageDecoder[] out = new MessageDecoder[options.length];
        for (int i = 0; i < options.length; i++) out[i] = byKind.computeIfAbsent(options[i], MessageDecoder::new);
        return out;
    }

    @Benchmark
    public void realRisUpdates(PrefixCounters c, Blackhole bh) {
        decodeRis(risDecoders, c, bh);
    }

    @Benchmark
    public void realRisUpdatesFreshDecoders(PrefixCounters c, Blackhole bh) {
        decodeRis(sessionDecoders(risOptions), c, bh);
    }

    private void decodeRis(MessageDecoder[] decoders, PrefixCounters c, Blackhole bh) {
        for (int i = 0; i < ris.length; i++) {
            DecodeResult r = decoders[i].decodeMessage(ris[i]);
            if (r instanceof DecodeResult.Ok ok && ok.message() instanceof Update u) {
                c.prefixes += u.announcedCount() + u.withdrawnCount();
                bh.consume(u);
            }
            c.messages++;
        }
    }

    @Benchmark
    public void fullSlash24Updates(PrefixCounters c, Blackhole bh) {
        for (ByteBuf b : full) {
            Update u = (Update) ((DecodeResult.Ok) fullDecoder.decodeMessage(b)).message();
            c.prefixes += u.nlri().size();
            c.messages++;
            bh.consume(u);
        }
    }
}
