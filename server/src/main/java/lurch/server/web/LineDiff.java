package lurch.server.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A line diff between two texts by longest common subsequence. The common start and end are matched first
 * (an edit usually touches a few lines); the table for the rest takes O(n*m) time and memory, so when it
 * would have more than {@link #MAX_CELLS} cells there is no diff: "too large to diff" beats a page that
 * costs seconds of CPU and hundreds of MiB for anyone who opens it.
 */
final class LineDiff {

    /** One line of the diff: {@code kind} is ' ' (both), '-' (only old) or '+' (only new). */
    public record Line(char kind, String text) {
        public String css() {
            return switch (kind) { case '-' -> "removed"; case '+' -> "added"; default -> "same"; };
        }
    }

    private LineDiff() {}

    static final long MAX_CELLS = 1_000_000;

    /** The diff, or empty when the changed middle of the two texts is too large to compare. */
    static Optional<List<Line>> of(String oldText, String newText) {
        String[] oldLines = oldText.split("\n", -1);
        String[] newLines = newText.split("\n", -1);
        int head = 0;
        while (head < oldLines.length && head < newLines.length && oldLines[head].equals(newLines[head])) {
            head++;
        }
        int tail = 0;
        while (tail < oldLines.length - head && tail < newLines.length - head
                && oldLines[oldLines.length - 1 - tail].equals(newLines[newLines.length - 1 - tail])) {
            tail++;
        }
        String[] a = Arrays.copyOfRange(oldLines, head, oldLines.length - tail);
        String[] b = Arrays.copyOfRange(newLines, head, newLines.length - tail);
        if ((long) (a.length + 1) * (b.length + 1) > MAX_CELLS) {
            return Optional.empty();
        }
        List<Line> diff = new ArrayList<>();
        for (int k = 0; k < head; k++) {
            diff.add(new Line(' ', oldLines[k]));
        }
        middle(a, b, diff);
        for (int k = oldLines.length - tail; k < oldLines.length; k++) {
            diff.add(new Line(' ', oldLines[k]));
        }
        return Optional.of(diff);
    }

    private static void middle(String[] a, String[] b, List<Line> diff) {
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
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
    }
}
