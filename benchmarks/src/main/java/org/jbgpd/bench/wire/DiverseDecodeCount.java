package org.jbgpd.bench.wire;

import io.netty.buffer.ByteBuf;
import org.jbgpd.wire.DecodeResult;
import org.jbgpd.wire.MessageDecoder;
import org.jbgpd.wire.PathAttributes;
import org.jbgpd.wire.Update;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Counts what {@link DiverseDecodeBenchmark}'s stream decodes to through one {@code MessageDecoder} (a session's first
 * full table): the distinct {@code PathAttributes} objects, against the distinct sets sent. Every set decoded more
 * than once is a repeat the known-set table missed (ADR 0131). Run:
 * {@code java -cp benchmarks/target/benchmarks.jar org.jbgpd.bench.wire.DiverseDecodeCount [sets [rounds]]}.
 */
public final class DiverseDecodeCount {

    private DiverseDecodeCount() {}

    public static void main(String[] args) {
        int sets = args.length > 0 ? Integer.parseInt(args[0]) : 125_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        ByteBuf stream = DiverseDecodeBenchmark.stream(sets, rounds);
        try {
            MessageDecoder decoder = new MessageDecoder(DiverseDecodeBenchmark.FOUR_OCTET_AS);
            Set<PathAttributes> objects = Collections.newSetFromMap(new IdentityHashMap<>());
            long updates = 0;
            DecodeResult r;
            while ((r = decoder.decode(stream)) != null) {
                if (!(r instanceof DecodeResult.Ok(Update u))) throw new IllegalStateException("not an UPDATE: " + r);
                objects.add(u.attributes());
                updates++;
            }
            System.out.printf("UPDATEs %,d  sets %,d  distinct PathAttributes objects %,d  sets decoded again %,d%n",
                    updates, sets, objects.size(), objects.size() - sets);
        } finally {
            stream.release();
        }
    }
}
