package org.jbgpd.mrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MrtRecordReaderTest {

    static Path resource(String name) {
        try {
            return Path.of(MrtRecordReaderTest.class.getResource("/mrt/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("missing test resource mrt/" + name, e);
        }
    }

    private static int count(Path file) throws IOException {
        try (MrtRecordReader r = MrtRecordReader.open(file)) {
            int n = 0;
            while (r.next() != null) n++;
            return n;
        }
    }

    @Test
    void framesEveryRecordOfARealUpdatesFile() throws IOException {
        assertEquals(17406, count(resource("updates.20160811.1600.gz")));
        assertEquals(23394, count(resource("updates.20070211.0141.gz")));
    }

    @Test
    void readsARecordLongerThan64KiB() throws IOException {
        try (MrtRecordReader r = MrtRecordReader.open(resource("bview.64k_stream_overflow.gz"))) {
            assertEquals(MrtType.PEER_INDEX_TABLE, r.next().subtype());
            MrtRecord rib = r.next();
            assertEquals(MrtType.RIB_IPV6_UNICAST, rib.subtype());
            assertEquals(69700, rib.body().length);
            assertNull(r.next());
        }
    }

    @Test
    void readsPlainFilesLikeGzipOnes(@TempDir Path dir) throws IOException {
        Path gz = resource("bview.ipv4_unicast_add_path.gz");
        Path plain = dir.resolve("plain.mrt");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.write(plain, in.readAllBytes());
        }
        assertEquals(count(gz), count(plain));
        assertEquals(32, count(plain));
    }

    @Test
    void takesTheExtendedTimestampOutOfTheBody() throws IOException {
        byte[] file = record(17, 0, new byte[] {0, 0, 0x12, 0x34, 9, 9}); // 4 bytes of microseconds, 2 of body
        MrtRecord r = new MrtRecordReader(new ByteArrayInputStream(file), "t").next();
        assertEquals(0x1234, r.microseconds());
        assertArrayEquals(new byte[] {9, 9}, r.body());
        assertTrue(r.extendedTimestamp());
    }

    @Test
    void aCutHeaderOrBodyIsAnErrorNamingTheRecord() throws IOException {
        byte[] one = record(16, 1, new byte[] {1, 2, 3});
        byte[] cutBody = java.util.Arrays.copyOf(one, one.length - 1);
        MrtRecordReader r = new MrtRecordReader(new ByteArrayInputStream(concat(one, cutBody)), "cut.mrt");
        r.next();
        MrtFormatException e = assertThrows(MrtFormatException.class, r::next);
        assertTrue(e.getMessage().contains("cut.mrt: record 1 at offset 15"), e.getMessage());
        assertTrue(e.getMessage().contains("2 of 3 bytes"), e.getMessage());

        MrtRecordReader h = new MrtRecordReader(new ByteArrayInputStream(java.util.Arrays.copyOf(one, 5)), "h");
        assertTrue(assertThrows(MrtFormatException.class, h::next).getMessage().contains("incomplete MRT header"));
    }

    @Test
    void aLyingLengthDoesNotAllocateIt() {
        byte[] header = {0, 0, 0, 1, 0, 16, 0, 1, (byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        MrtRecordReader r = new MrtRecordReader(new ByteArrayInputStream(header), "huge");
        assertTrue(assertThrows(MrtFormatException.class, r::next).getMessage().contains("implausible length"));
    }

    @Test
    void refusesBzip2WithAHint() throws IOException {
        IOException e = assertThrows(IOException.class, () -> MrtInput.wrap(new ByteArrayInputStream("BZh91AY".getBytes()), "x.bz2"));
        assertTrue(e.getMessage().contains("bunzip2"), e.getMessage());
    }

    static byte[] record(int type, int subtype, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x5f, 0, 0, 0, (byte) (type >> 8), (byte) type, (byte) (subtype >> 8), (byte) subtype,
                (byte) (body.length >>> 24), (byte) (body.length >>> 16), (byte) (body.length >>> 8), (byte) body.length});
        b.writeBytes(body);
        return b.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
