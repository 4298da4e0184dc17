package org.jbgpd.cli.mrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jbgpctl mrt print} as a user runs it: files in, bgpdump's text out, exit status. */
class MrtCommandTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new MrtCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** A test resource of bgp-core (its test-jar) copied to a file. */
    private Path resource(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = MrtCommandTest.class.getResourceAsStream("/mrt/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    private static String gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    @Test
    void printsSeveralFilesExactlyAsBgpdumpDoes() throws IOException {
        Path v4 = resource("bview.ipv4_unicast_add_path.gz");
        Path v6 = resource("bview.ipv6_unicast_add_path.gz");
        String expected = gunzip(resource("bview.ipv4_unicast_add_path.gz.expected.gz"))
                + gunzip(resource("bview.ipv6_unicast_add_path.gz.expected.gz"));
        Run r = run("print", v4.toString(), v6.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(expected, r.out());
        assertEquals("", r.err());
    }

    @Test
    void readsUncompressedFiles() throws IOException {
        Path gz = resource("updates.20160811.1600.gz");
        Path plain = dir.resolve("updates.mrt");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.copy(in, plain);
        }
        Run r = run("print", plain.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(gunzip(resource("updates.20160811.1600.gz.expected.gz")), r.out());
    }

    @Test
    void aTruncatedFilePrintsWhatCameBeforeAndFails() throws IOException {
        byte[] whole;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(resource("bview.ipv4_unicast_add_path.gz")))) {
            whole = in.readAllBytes();
        }
        Path cut = dir.resolve("cut.mrt");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 10));
        Run r = run("print", cut.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("cut.mrt: record 31 at offset"), r.err());
        assertTrue(r.err().contains("incomplete record"), r.err());
        String expected = gunzip(resource("bview.ipv4_unicast_add_path.gz.expected.gz"));
        assertTrue(expected.startsWith(r.out()) && r.out().lines().count() == 60, r.out());
    }

    @Test
    void aMissingFileIsARuntimeErrorAndTheOthersStillPrint() throws IOException {
        Path v4 = resource("bview.ipv4_unicast_add_path.gz");
        Run r = run("print", dir.resolve("nope.gz").toString(), v4.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("nope.gz: no such file"), r.err());
        assertEquals(62, r.out().lines().count());
    }

    @Test
    void stopsSoonAfterTheReaderGoesAway() throws IOException {
        // Like `jbgpctl mrt print updates.gz | head`: the pipe breaks after the first lines.
        long[] offered = {0};
        java.io.OutputStream brokenPipe = new java.io.OutputStream() {
            @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }
            @Override public void write(byte[] b, int off, int len) throws IOException {
                offered[0] += len;
                if (offered[0] > 10_000) throw new IOException("Broken pipe");
            }
        };
        CommandLine cl = new CommandLine(new MrtCommand());
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(brokenPipe, java.nio.charset.StandardCharsets.US_ASCII)));
        cl.setErr(new PrintWriter(new StringWriter()));
        int status = cl.execute("print", resource("updates.20160811.1600.gz").toString());
        assertEquals(1, status);
        // The whole text is about 5.6 MB; stopping within a few thousand lines offers far less.
        assertTrue(offered[0] < 1_500_000, "bytes written after the pipe broke: " + offered[0]);
    }

    @Test
    void withoutFilesItIsAUsageError() {
        assertEquals(2, run("print").status());
        assertEquals(2, run().status());
    }
}
