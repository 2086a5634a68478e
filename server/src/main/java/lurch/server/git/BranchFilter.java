package lurch.server.git;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The branches whose pushes a repository builds: comma-separated globs where {@code *} matches within one path
 * segment ({@code release/*} takes {@code release/1.0}, not {@code release/1.0/fix}) and {@code **} across segments
 * ({@code feature/**}); every other character stands for itself. No patterns: every branch.
 */
record BranchFilter(String text, List<Pattern> patterns) {
    /** Every branch. */
    static final BranchFilter ALL = new BranchFilter(null, List.of());

    /**
     * The filter {@code text} describes; null or blank for all branches.
     *
     * @throws IllegalArgumentException naming the bad pattern: an empty one, or one with blanks or control characters
     */
    static BranchFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String glob : text.split(",", -1)) {
            String trimmed = glob.strip();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("an empty pattern in '" + text
                        + "': separate globs by single commas");
            }
            if (!trimmed.matches("[^\\s\\p{Cntrl}]+")) {
                throw new IllegalArgumentException("pattern '" + trimmed + "' has blanks or control characters,"
                        + " which no branch name has");
            }
            patterns.add(Pattern.compile(regex(trimmed)));
        }
        return new BranchFilter(text, List.copyOf(patterns));
    }

    boolean matches(String branch) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(branch).matches());
    }

    private static String regex(String glob) {
        StringBuilder regex = new StringBuilder();
        int literalStart = 0;
        for (int i = 0; i < glob.length(); i++) {
            if (glob.charAt(i) == '*') {
                if (i > literalStart) {
                    regex.append(Pattern.quote(glob.substring(literalStart, i)));
                }
                boolean across = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                regex.append(across ? ".*" : "[^/]*");
                i += across ? 1 : 0;
                literalStart = i + 1;
            }
        }
        if (literalStart < glob.length()) {
            regex.append(Pattern.quote(glob.substring(literalStart)));
        }
        return regex.toString();
    }
}
