package org.jbgpd.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeadingNumberFileTest {
    @TempDir
    Path dir;

    @Test
    void keptOpenFileShowsEachNewValue() throws IOException {
        Path objects = dir.resolve("objects");
        Files.writeString(objects, "445 N0=445\n");
        try (LeadingNumberFile file = new LeadingNumberFile(objects)) {
            assertEquals(445, file.read());
            Files.writeString(objects, "1000246 N0=1000246\n");
            assertEquals(1_000_246, file.read());
            Files.writeString(objects, "7\n");
            assertEquals(7, file.read());
        }
    }

    @Test
    void missingOrNonNumericFileReadsAsMinusOne() throws IOException {
        Path objects = dir.resolve("objects");
        try (LeadingNumberFile file = new LeadingNumberFile(objects)) {
            assertEquals(-1, file.read());
            Files.writeString(objects, "N0=3\n");
            assertEquals(-1, file.read());
            Files.writeString(objects, "12 N0=12\n");
            assertEquals(12, file.read());
        }
    }

    @Test
    void leadingNumberStopsAtTheFirstNonDigit() {
        byte[] text = "3212 N0=3212\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(3212, LeadingNumberFile.leadingNumber(text, text.length));
        assertEquals(32, LeadingNumberFile.leadingNumber(text, 2));
        assertEquals(-1, LeadingNumberFile.leadingNumber(text, 0));
    }

    @Test
    void keptOpenTrieStatShowsEachNewCount() throws IOException {
        Path trie = dir.resolve("fib_triestat");
        String head = "Basic info: size of leaf: 48 bytes, size of tnode: 40 bytes.\nMain:\n\tAver depth:     2.33\n\tPrefixes:       ";
        Files.writeString(trie, head + "3\nLocal:\n\tPrefixes:       9\n");
        try (KernelCounter.KeptOpen counter = new KernelCounter(dir, false).keptOpen()) {
            assertEquals(3, counter.count());
            // longer than the first buffer, so the reader must grow it and still read from offset 0
            Files.writeString(trie, head + "1000003\n" + "\tpadding line\n".repeat(600) + "Local:\n\tPrefixes:       9\n");
            assertEquals(1_000_003, counter.count());
            Files.writeString(trie, head + "4\n");
            assertEquals(4, counter.count());
        }
    }
}
