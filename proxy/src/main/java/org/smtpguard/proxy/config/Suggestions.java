package org.smtpguard.proxy.config;

import org.smtpguard.proxy.log.LogText;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean …?" for misspelt keys. */
final class Suggestions {

    private static final int MAX_DISTANCE = 3;

    private Suggestions() {
    }

    /** {@code did you mean X?} for the closest candidate within a few edits, else the empty string. */
    static String didYouMean(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        String lower = name.toLowerCase(Locale.ROOT);
        for (String candidate : candidates) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best == null ? "" : "did you mean " + best + "?";
    }

    /** Levenshtein distance; names are short (the input is cut to 100 characters). */
    private static int distance(String a, String b) {
        a = a.length() > LogText.MAX ? a.substring(0, LogText.MAX) : a;
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
