package org.jbgpd.mrt;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Streams MRT records one at a time: only the current record is held in memory, so a full table
 * dump is printed in constant memory. A clean end of file ends the stream; a header or body cut
 * short is a {@link MrtFormatException} naming the record and its offset.
 */
public final class MrtRecordReader implements Closeable {
    private static final int HEADER = 12;
    /** No real record comes close; a larger length means a corrupt header, not a huge record. */
    private static final long MAX_BODY = 1L << 28;

    private final InputStream in;
    private final String name;
    private final byte[] header = new byte[HEADER];
    private long index;
    private long offset;

    public MrtRecordReader(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    public static MrtRecordReader open(Path file) throws IOException {
        return new MrtRecordReader(MrtInput.open(file), file.toString());
    }

    /** The next record, or null at a clean end of the stream. */
    public MrtRecord next() throws IOException {
        int got = in.readNBytes(header, 0, HEADER);
        if (got == 0) return null;
        if (got < HEADER) {
            throw new MrtFormatException(name + ": record " + index + " at offset " + offset + ": incomplete MRT header (" + got + " of 12 bytes)");
        }
        LenientCursor h = LenientCursor.of(header);
        long timestamp = h.u32();
        int type = h.u16();
        int subtype = h.u16();
        long length = h.u32();
        int micros = 0;
        long headerBytes = HEADER;
        if (type == MrtType.BGP4MP_ET) {
            byte[] us = in.readNBytes(4);
            if (us.length < 4 || length < 4) {
                throw new MrtFormatException(name + ": record " + index + " at offset " + offset + ": incomplete BGP4MP_ET header");
            }
            micros = (int) LenientCursor.of(us).u32();
            length -= 4; // RFC 6396 4.1: the microseconds count in the length
            headerBytes += 4;
        }
        if (length > MAX_BODY) {
            throw new MrtFormatException(name + ": record " + index + " at offset " + offset + ": implausible length " + length);
        }
        byte[] body = in.readNBytes((int) length); // grows as data arrives: a lying length cannot force a huge allocation
        if (body.length != length) {
            throw new MrtFormatException(name + ": record " + index + " at offset " + offset + ": incomplete record (" + body.length + " of " + length + " bytes)");
        }
        MrtRecord r = new MrtRecord(index, offset, timestamp, micros, type, subtype, body);
        index++;
        offset += headerBytes + length;
        return r;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
