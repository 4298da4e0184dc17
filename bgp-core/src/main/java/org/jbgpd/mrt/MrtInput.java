package org.jbgpd.mrt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens an MRT file, plain or gzip-compressed, chosen by the content's magic bytes rather than
 * the name (RIS and RouteViews files are renamed often). GZIPInputStream reads concatenated
 * gzip members, which is what appending dumps produces.
 */
public final class MrtInput {
    private static final int BUFFER = 1 << 16;

    private MrtInput() {}

    public static InputStream open(Path file) throws IOException {
        return wrap(Files.newInputStream(file), file.toString());
    }

    /** Wraps an already open stream (e.g. standard input); {@code name} is used in messages. */
    public static InputStream wrap(InputStream raw, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(4);
        int b0 = in.read(), b1 = in.read(), b2 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
        }
        if (b0 == 'B' && b1 == 'Z' && b2 == 'h') {
            in.close();
            throw new IOException(name + ": bzip2-compressed files are not supported; decompress it first (bunzip2 -k " + name + ")");
        }
        return in;
    }
}
