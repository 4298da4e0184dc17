package org.jbgpd.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Real AS paths and community sets, for the feeder's diverse run. The resource holds the
 * distinct "AS path|communities" pairs announced in the two RIPE RIS update files of
 * /work/shared/data/mrt (bgpdump output; paths with AS_SETs or our own ASNs 64512/64513
 * left out). Attribute set {@code m} pairs path {@code m mod P} with community set
 * {@code (m + m / P) mod C}, so there can be far more distinct sets than lines in the file.
 */
final class AttributePool {
    private final List<long[]> paths;
    private final List<long[]> communities; // each (high << 16 | low); may be empty

    private AttributePool(List<long[]> paths, List<long[]> communities) {
        this.paths = paths;
        this.communities = communities;
    }

    static AttributePool load() {
        Set<String> pathTexts = new LinkedHashSet<>();
        Set<String> communityTexts = new LinkedHashSet<>();
        try (InputStream raw = AttributePool.class.getResourceAsStream("attribute-sets.txt.gz")) {
            if (raw == null) throw new BenchException("attribute-sets.txt.gz missing from the classpath");
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                int bar = line.indexOf('|');
                if (bar <= 0) continue;
                pathTexts.add(line.substring(0, bar).strip());
                communityTexts.add(line.substring(bar + 1).strip());
            }
        } catch (IOException e) {
            throw new BenchException("cannot read the attribute sets: " + e.getMessage(), e);
        }
        List<long[]> paths = new ArrayList<>();
        for (String p : pathTexts) paths.add(numbers(p, ' '));
        List<long[]> communities = new ArrayList<>();
        for (String c : communityTexts) {
            if (c.isEmpty()) { communities.add(new long[0]); continue; }
            String[] parts = c.split(" ");
            long[] values = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                int colon = parts[i].indexOf(':');
                values[i] = Long.parseLong(parts[i].substring(0, colon)) << 16 | Long.parseLong(parts[i].substring(colon + 1));
            }
            communities.add(values);
        }
        return new AttributePool(paths, communities);
    }

    private static long[] numbers(String text, char separator) {
        String[] parts = text.split(String.valueOf(separator));
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) values[i] = Long.parseLong(parts[i]);
        return values;
    }

    int pathCount() { return paths.size(); }

    int communitySetCount() { return communities.size(); }

    /** Which path attribute set {@code set} carries. */
    int pathIndex(int set) {
        return Math.floorMod(set, paths.size());
    }

    /** Which community set attribute set {@code set} carries; distinct (path, communities) pairs for distinct sets up to P*C. */
    int communityIndex(int set) {
        return Math.floorMod(set + set / paths.size(), communities.size());
    }

    long[] path(int index) {
        return paths.get(index);
    }

    long[] communities(int index) {
        return communities.get(index);
    }

    /** Which of {@code sets} attribute sets route {@code i} carries: scattered, deterministic. */
    static int setOf(int i, int sets) {
        return (int) Math.floorMod(i * 0x9E3779B1L, (long) sets);
    }
}
