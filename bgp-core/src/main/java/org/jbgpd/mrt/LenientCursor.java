package org.jbgpd.mrt;

/**
 * Reads big-endian fields from a slice of a byte array the way bgpdump reads MRT bodies: a read
 * past the end yields zero bytes and leaves the cursor at the end, so a short or corrupt record
 * prints what bgpdump prints instead of failing. Callers that care check {@link #remaining()}.
 */
final class LenientCursor {
    private final byte[] buf;
    private final int limit;
    private int pos;

    LenientCursor(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    static LenientCursor of(byte[] buf) {
        return new LenientCursor(buf, 0, buf.length);
    }

    int remaining() { return limit - pos; }

    int position() { return pos; }

    byte[] array() { return buf; }

    int u8() {
        return pos < limit ? buf[pos++] & 0xff : zeroPastEnd(1);
    }

    int u16() {
        if (limit - pos >= 2) {
            int v = (buf[pos] & 0xff) << 8 | (buf[pos + 1] & 0xff);
            pos += 2;
            return v;
        }
        return (int) partial(2);
    }

    long u32() {
        if (limit - pos >= 4) {
            long v = (buf[pos] & 0xffL) << 24 | (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8 | (buf[pos + 3] & 0xff);
            pos += 4;
            return v;
        }
        return partial(4);
    }

    /** An AS number of 2 or 4 bytes. */
    long asn(int width) {
        return width == 4 ? u32() : u16();
    }

    /** Copies {@code n} bytes into {@code dst} at {@code off}, zero-filling what is past the end. */
    void read(byte[] dst, int off, int n) {
        int avail = Math.min(n, remaining());
        System.arraycopy(buf, pos, dst, off, avail);
        for (int i = avail; i < n; i++) dst[off + i] = 0;
        pos += avail;
    }

    void skip(int n) {
        pos += Math.min(n, remaining());
    }

    /** Consumes up to {@code n} bytes and returns a cursor over just them (bgpdump's sub-stream). */
    LenientCursor slice(int n) {
        int take = Math.min(n, remaining());
        LenientCursor s = new LenientCursor(buf, pos, take);
        pos += take;
        return s;
    }

    private int zeroPastEnd(int n) {
        pos = limit;
        return 0;
    }

    /** Big-endian value of {@code n} bytes where the missing tail reads as zero. */
    private long partial(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | (pos < limit ? buf[pos++] & 0xff : 0);
        }
        return v;
    }
}
