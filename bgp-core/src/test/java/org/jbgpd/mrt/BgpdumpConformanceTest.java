package org.jbgpd.mrt;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The proof of issue 2: for every MRT file with a {@code *.expected.gz} beside it, our text is
 * bgpdump's text, line for line. Runs over the test resources (the RIS files and synthetic.gz)
 * and, when it exists, over the shared data directory ({@code -Djbgpd.mrt.data=DIR}, default
 * /work/shared/data/mrt).
 */
class BgpdumpConformanceTest {
    private static final Path SHARED = Path.of(System.getProperty("jbgpd.mrt.data", "/work/shared/data/mrt"));

    @TestFactory
    Stream<DynamicTest> printsWhatBgpdumpPrintsForEveryTestResource() throws IOException {
        Path dir = MrtRecordReaderTest.resource("synthetic.gz").getParent();
        List<Path> files = pairs(dir);
        assertTrue(files.size() >= 7, "expected the RIS files and synthetic.gz in " + dir + ", found " + files);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> assertSameText(f)));
    }

    @TestFactory
    Stream<DynamicTest> printsWhatBgpdumpPrintsForTheSharedDataFiles() throws IOException {
        if (!Files.isDirectory(SHARED)) {
            System.err.println("BgpdumpConformanceTest: " + SHARED + " does not exist; only the test resources were compared");
            return Stream.empty();
        }
        return pairs(SHARED).stream().map(f -> DynamicTest.dynamicTest("shared " + f.getFileName(), () -> assertSameText(f)));
    }

    /** MRT files that have an X.expected.gz beside them. */
    private static List<Path> pairs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().endsWith(".expected.gz"))
                    .filter(p -> Files.exists(expectedOf(p)))
                    .sorted()
                    .toList();
        }
    }

    private static Path expectedOf(Path mrt) {
        return mrt.resolveSibling(mrt.getFileName() + ".expected.gz");
    }

    private static void assertSameText(Path mrt) throws IOException {
        StringBuilder out = new StringBuilder(1 << 20);
        List<String> warnings = new ArrayList<>();
        try (InputStream in = MrtInput.open(mrt)) {
            BgpdumpText.print(in, mrt.getFileName().toString(), new WireAttributeDecoder(), out, warnings::add);
        }
        List<String> ours = out.toString().lines().toList();
        List<String> theirs = readLines(expectedOf(mrt));
        // Walk both: a line of ours that is not bgpdump's next line (or a later one) is wrong.
        List<String> missing = new ArrayList<>();
        int t = 0;
        for (int o = 0; o < ours.size(); o++) {
            while (t < theirs.size() && !theirs.get(t).equals(ours.get(o))) missing.add("line " + (t + 1) + ": " + theirs.get(t++));
            if (t == theirs.size()) {
                keepForDiff(mrt, out);
                fail(mrt.getFileName() + ": our line " + (o + 1) + " is not in bgpdump's output (in that order):\n  jbgpd: "
                        + ours.get(o) + "\nwarnings: " + warnings);
            }
            t++;
        }
        while (t < theirs.size()) missing.add("line " + (t + 1) + ": " + theirs.get(t++));
        if (!missing.isEmpty()) {
            keepForDiff(mrt, out);
            fail(mrt.getFileName() + ": " + missing.size() + " of bgpdump's " + theirs.size() + " lines missing, first ones:\n  " + String.join("\n  ", missing.subList(0, Math.min(5, missing.size()))) + "\nwarnings: " + warnings);
        }
    }

    /** Leaves our text in target/mrt-conformance/ so that `diff` shows every difference. */
    private static void keepForDiff(Path mrt, CharSequence text) throws IOException {
        Path dir = Path.of("target", "mrt-conformance");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(mrt.getFileName() + ".jbgpd.txt"), text, StandardCharsets.US_ASCII);
    }

    private static List<String> readLines(Path gz) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.US_ASCII))) {
            return r.lines().toList();
        }
    }
}
