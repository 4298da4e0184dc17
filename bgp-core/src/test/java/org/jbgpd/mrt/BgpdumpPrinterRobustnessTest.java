package org.jbgpd.mrt;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Corrupt records never crash the printer: real records with bytes flipped, cut short or
 * lengthened must print something or nothing, never throw. Seeded, so a failure reproduces.
 */
class BgpdumpPrinterRobustnessTest {

    private static List<MrtRecord> records(String name, int max) throws IOException {
        List<MrtRecord> out = new ArrayList<>();
        try (MrtRecordReader r = MrtRecordReader.open(MrtRecordReaderTest.resource(name))) {
            for (MrtRecord m; out.size() < max && (m = r.next()) != null; ) out.add(m);
        }
        return out;
    }

    @Test
    void mutatedRecordsNeverThrow() throws IOException {
        List<MrtRecord> seeds = new ArrayList<>();
        seeds.addAll(records("synthetic.gz", 100));
        seeds.addAll(records("bview.ipv6_unicast_add_path.gz", 5));
        seeds.addAll(records("updates.20160811.1600.gz", 200));
        seeds.addAll(records("updates.20070211.0141.gz", 200));
        SplittableRandom random = new SplittableRandom(20261201);
        StringBuilder sink = new StringBuilder();
        int printed = 0;
        for (int i = 0; i < 20_000; i++) {
            MrtRecord seed = seeds.get(random.nextInt(seeds.size()));
            byte[] body = mutate(seed.body(), random);
            MrtRecord bad = new MrtRecord(i, 0, seed.timestamp(), seed.microseconds(), seed.type(), seed.subtype(), body);
            // A fresh printer that has seen the peer index of the TABLE_DUMP_V2 seeds.
            BgpdumpPrinter printer = new BgpdumpPrinter(new WireAttributeDecoder(), sink, w -> { });
            try {
                for (MrtRecord s : seeds) if (s.type() == MrtType.TABLE_DUMP_V2 && s.subtype() == MrtType.PEER_INDEX_TABLE) printer.print(s);
                int before = sink.length();
                printer.print(bad);
                if (sink.length() > before) printed++;
            } catch (RuntimeException e) {
                fail("type " + bad.type() + "/" + bad.subtype() + " body " + HexFormat.of().formatHex(body), e);
            }
            if (sink.length() > 1 << 20) sink.setLength(0);
        }
        assertTrue(printed > 1000, "mutations should still mostly print something, printed " + printed);
    }

    private static byte[] mutate(byte[] body, SplittableRandom random) {
        byte[] b;
        switch (random.nextInt(4)) {
            case 0 -> b = java.util.Arrays.copyOf(body, random.nextInt(body.length + 1)); // cut short
            case 1 -> {
                b = java.util.Arrays.copyOf(body, body.length + 1 + random.nextInt(8)); // trailing junk
                for (int i = body.length; i < b.length; i++) b[i] = (byte) random.nextInt(256);
            }
            default -> b = body.clone();
        }
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && b.length > 0; i++) {
            int at = random.nextInt(b.length);
            b[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (b[at] ^ (1 << random.nextInt(8)));
        }
        return b;
    }
}
