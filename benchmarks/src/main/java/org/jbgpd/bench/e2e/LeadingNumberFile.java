package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A sysfs or procfs file whose leading number is polled, kept open and re-read from offset 0 into one buffer
 * (ADR 0096 addendum): a slab cache's {@code objects} every 10 ms of an IPv4 install, and near its end each receiver
 * thread's {@code schedstat} (ADR 0127). Opening the file, a String and a parse per poll was the harness's own steady
 * cost on the receiver's cores; the file stays open in a {@link KeptOpenFile}. Not thread-safe; one poller.
 */
final class LeadingNumberFile implements AutoCloseable {
    private final KeptOpenFile file;
    private final ByteBuffer buffer = ByteBuffer.allocate(64);

    LeadingNumberFile(Path file) {
        this.file = new KeptOpenFile(file);
    }

    /** The file's leading number (its first field), or -1 when it cannot be read (reopened at the next call). */
    long read() {
        try {
            buffer.clear();
            // The value fits in the first read; only its leading digits are used.
            file.read(buffer, 0);
            return leadingNumber(buffer.array(), buffer.position());
        } catch (IOException | RuntimeException e) {
            close();
            return -1;
        }
    }

    /** The decimal number the first {@code length} bytes start with, or -1 when they start with none. */
    static long leadingNumber(byte[] bytes, int length) {
        long value = 0;
        int i = 0;
        while (i < length && i < 19 && bytes[i] >= '0' && bytes[i] <= '9') value = value * 10 + (bytes[i++] - '0');
        return i == 0 ? -1 : value;
    }

    @Override
    public void close() {
        file.close();
    }
}
