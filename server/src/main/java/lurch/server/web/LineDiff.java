package lurch.server.web;

import java.util.ArrayList;
import java.util.List;

/** A line diff between two texts by longest common subsequence: small programs, so O(n*m) is fine. */
final class LineDiff {

    /** One line of the diff: {@code kind} is ' ' (both), '-' (only old) or '+' (only new). */
    public record Line(char kind, String text) {
        public String css() {
            return switch (kind) { case '-' -> "removed"; case '+' -> "added"; default -> "same"; };
        }
    }

    private LineDiff() {}

    static List<Line> of(String oldText, String newText) {
        String[] a = oldText.split("\n", -1);
        String[] b = newText.split("\n", -1);
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Line> diff = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                diff.add(new Line(' ', a[i++]));
                j++;
            } else if (j < b.length && (i == a.length || common[i][j + 1] >= common[i + 1][j])) {
                diff.add(new Line('+', b[j++]));
            } else {
                diff.add(new Line('-', a[i++]));
            }
        }
        return diff;
    }
}
