package lurch.interpreter.syntax;

import java.util.Comparator;
import java.util.List;

/** The command names of the language, to suggest the one a misspelt name probably meant. */
final class Keywords {

    static final List<String> ALL = List.of("no-op", "isolate", "chroot", "docker", "exec", "approve", "let",
            "sequence", "retry", "if", "pause", "wait", "spawn", "for", "break");

    private Keywords() {}

    /** "unknown command 'foo'", with a suggestion when one keyword is within two edits of it. */
    static String unknown(String name) {
        String message = "unknown command '" + name + "'";
        String closest = ALL.stream().min(Comparator.comparingInt(k -> distance(k, name.toLowerCase()))).orElseThrow();
        return distance(closest, name.toLowerCase()) <= 2 ? message + " (did you mean '" + closest + "'?)" : message;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
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
