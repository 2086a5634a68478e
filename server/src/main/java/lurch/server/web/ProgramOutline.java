package lurch.server.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lurch.interpreter.Programs;
import lurch.interpreter.ast.Command;

/** A program as the program page shows it: its nodes as an indented tree, and the {@code let}s a start form asks. */
public record ProgramOutline(List<Row> rows, List<Variable> variables) {

    /** One node: its depth below the root, keyword and one-line label. */
    public record Row(int depth, String keyword, String label) {}

    /** A {@code let} a person may answer upfront: its default pre-filled, its comment as help. */
    public record Variable(String name, String defaultValue, String comment) {}

    static ProgramOutline of(Command program) {
        List<Row> rows = new ArrayList<>();
        Map<String, Variable> variables = new LinkedHashMap<>();
        walk(program, 0, rows, variables);
        return new ProgramOutline(rows, List.copyOf(variables.values()));
    }

    private static void walk(Command node, int depth, List<Row> rows, Map<String, Variable> variables) {
        rows.add(new Row(depth, node.keyword(), Programs.label(node)));
        if (node instanceof Command.Let let) {
            // a name asked twice gets one field: a preset answers every let of that name
            variables.putIfAbsent(let.name(), new Variable(let.name(), let.defaultValue(), let.comment()));
        }
        for (Command child : node.children()) {
            walk(child, depth + 1, rows, variables);
        }
    }
}
