package lurch.server.web;

import java.util.List;
import lurch.interpreter.Diagnostic;

/**
 * Program text for the editor, and when an edit was rejected, that text with numbered lines and each error
 * marked at its line and column (a caret under the column, the message beside it).
 */
public record SourceMarks(String text, List<Error> errors, List<Line> lines) {

    /** An error as shown in the list above the editor: "line 3, column 7: expected ...". */
    public record Error(int line, int column, String message) {}

    /** A line of the rejected text; {@code marks} are the errors on it. */
    public record Line(int number, String text, List<Error> marks) {
        public boolean marked() {
            return !marks.isEmpty();
        }
    }

    static SourceMarks of(String text, List<Diagnostic> diagnostics) {
        List<Error> errors = diagnostics.stream()
                .map(d -> new Error(d.position().line(), d.position().column(), d.message())).toList();
        if (errors.isEmpty()) {
            return new SourceMarks(text, errors, List.of());
        }
        String[] split = text.split("\n", -1);
        List<Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < split.length; i++) {
            int number = i + 1;
            // an error past the end (an unclosed parenthesis) is marked on the last line
            boolean last = number == split.length;
            lines.add(new Line(number, split[i], errors.stream()
                    .filter(e -> e.line() == number || last && e.line() > number).toList()));
        }
        return new SourceMarks(text, errors, lines);
    }

    /** Spaces up to the error's column, for the caret under it. */
    static String indent(Error error) {
        return " ".repeat(Math.max(0, error.column() - 1));
    }
}
