package org.jbgpd.bench.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A procfs or sysfs file kept open between polls (ADR 0096 addendum): such a file shows its value anew on
 * every read at offset 0, so a kept descriptor sees what a fresh open would, without an open and a close
 * per poll on the receiver's cores. Opened at the first read, and again at the read after a {@link #close()}.
 * Not thread-safe; one poller.
 */
final class KeptOpenFile implements AutoCloseable {
    private final Path file;
    private FileChannel channel;

    KeptOpenFile(Path file) {
        this.file = file;
    }

    /** Reads into {@code into} from the file's {@code offset}, as {@link FileChannel#read(ByteBuffer, long)}. */
    int read(ByteBuffer into, long offset) throws IOException {
        if (channel == null) channel = FileChannel.open(file, StandardOpenOption.READ);
        return channel.read(into, offset);
    }

    @Override
    public void close() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            // read-only; the descriptor is gone either way
        }
        channel = null;
    }
}
