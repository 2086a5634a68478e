package lurch.interpreter;

import java.util.List;
import lurch.interpreter.ast.Command;
import lurch.interpreter.check.Validator;
import lurch.interpreter.syntax.Parser;
import lurch.interpreter.syntax.Printer;

/** What the rest of Lurch needs of the language: read a program, write it back, find and name its nodes. */
public final class Programs {

    private Programs() {}

    /** A parsed and validated program; {@code program} is null when there are diagnostics. */
    public record Parsed(Command program, SourceMap sourceMap, List<Diagnostic> diagnostics) {
        public Parsed {
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean ok() {
            return diagnostics.isEmpty();
        }
    }

    /** Lexes, parses and validates {@code source}. Never throws for bad input: problems are diagnostics. */
    public static Parsed parse(String source) {
        Parser.Result syntax = Parser.parse(source);
        if (syntax.program() == null) {
            return new Parsed(null, syntax.sourceMap(), syntax.diagnostics());
        }
        List<Diagnostic> problems = Validator.validate(syntax.program(), syntax.sourceMap());
        return new Parsed(problems.isEmpty() ? syntax.program() : null, syntax.sourceMap(), problems);
    }

    /** The canonical text of {@code program}, ending with a newline; it parses back to an equal program. */
    public static String print(Command program) {
        return Printer.print(program);
    }

    /**
     * The node at {@code path}: child indices (per {@link Command#children()}) joined by '.', "" for the root.
     *
     * @throws IllegalArgumentException when the path is malformed or leads nowhere
     */
    public static Command nodeAt(Command root, String path) {
        Command node = root;
        if (path.isEmpty()) {
            return node;
        }
        for (String step : path.split("\\.", -1)) {
            int index = childIndex(step, path);
            if (index >= node.children().size()) {
                throw new IllegalArgumentException("no node at path \"" + path + "\": " + node.keyword() + " has "
                        + node.children().size() + " children, not " + (index + 1));
            }
            node = node.children().get(index);
        }
        return node;
    }

    /** One line naming a node for run listings, e.g. {@code exec /bin/echo hello}; under 100 characters. */
    public static String label(Command node) {
        return Labels.of(node);
    }

    private static int childIndex(String step, String path) {
        if (!step.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("malformed node path \"" + path + "\": expected child indices joined by '.'");
        }
        return Integer.parseInt(step);
    }
}
