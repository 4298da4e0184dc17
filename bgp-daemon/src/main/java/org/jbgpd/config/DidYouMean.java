package org.jbgpd.config;

import java.util.Collection;
import java.util.Locale;

/** Suggests the known name closest to a misspelt one, so "holdtime" gets "did you mean holdTime?". */
final class DidYouMean {

    private DidYouMean() {}

    /** The hint text (" (did you mean X?)") or "" when nothing is close enough. */
    static String hint(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(typed.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) { bestDistance = d; best = k; }
        }
        // Allow about one edit per three characters: close typos, not unrelated words.
        if (best == null || bestDistance > Math.max(2, typed.length() / 3)) return "";
        return " (did you mean " + best + "?)";
    }

    /** Levenshtein distance; names are short, so the quadratic table is fine. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
