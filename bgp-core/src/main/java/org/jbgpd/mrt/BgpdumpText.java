package org.jbgpd.mrt;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** Streams one MRT input through a {@link BgpdumpPrinter}: the whole of {@code jbgpctl mrt print} for one file. */
public final class BgpdumpText {
    private BgpdumpText() {}

    /**
     * Prints every record of {@code in} (already decompressed, see {@link MrtInput}).
     *
     * @return the number of records read
     * @throws MrtFormatException when the stream ends inside a record; what came before is printed
     */
    public static long print(InputStream in, String name, MrtAttributeDecoder decoder, Appendable out,
                             Consumer<String> warnings) throws IOException {
        MrtRecordReader reader = new MrtRecordReader(in, name);
        BgpdumpPrinter printer = new BgpdumpPrinter(decoder, out, w -> warnings.accept(name + ": " + w));
        long n = 0;
        for (MrtRecord r; (r = reader.next()) != null; n++) printer.print(r);
        return n;
    }
}
