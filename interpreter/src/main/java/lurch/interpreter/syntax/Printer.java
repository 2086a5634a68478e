package lurch.interpreter.syntax;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.ast.Command;
import lurch.interpreter.ast.Command.*;

/**
 * The canonical text of a program: leaves on one line, each sub-command of a composite on its own
 * line two spaces further in, {@code exec} always with all four parts. Parsing the text gives back
 * an equal program.
 */
public final class Printer {

    private static final Pattern BARE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final int STEP = 2;

    private final StringBuilder out = new StringBuilder();

    private Printer() {}

    /** The canonical text, ending with a newline. */
    public static String print(Command program) {
        Printer printer = new Printer();
        printer.command(program, 0);
        return printer.out.append('\n').toString();
    }

    private void command(Command command, int indent) {
        switch (command) {
            case NoOp n -> leaf(n, Integer.toString(n.exitCode()));
            case Builder.Chroot c -> leaf(c, quote(c.template()));
            case Builder.Docker d -> leaf(d, quote(d.image()));
            case Approve a -> leaf(a, number(a.timeoutSeconds()) + " " + quote(a.comment()) + " " + (a.approveOnTimeout() ? "t" : "f"));
            case Pause p -> leaf(p, Numbers.format(p.seconds()));
            case Wait w -> leaf(w, String.join(" ", integers(w.minutes()), integers(w.hours()), integers(w.monthDays()),
                    integers(w.months()), integers(w.weekDays())));
            case Spawn s -> leaf(s, quote(s.program()));
            case Break b -> leaf(b, Integer.toString(b.levels()));
            case Exec e -> {
                out.append("(exec ").append(quote(e.path()));
                newline(indent + STEP).append(strings(e.args()));
                newline(indent + STEP).append(strings(e.env())).append(' ').append(number(e.timeoutSeconds())).append(')');
            }
            case Isolate i -> block("isolate", indent, i.children());
            case Sequence s -> block("sequence", indent, s.commands());
            case If i -> block("if", indent, i.children());
            case Let l -> block("let " + name(l.name()) + " " + quote(l.defaultValue()) + " " + quote(l.comment()),
                    indent, l.children());
            case For f -> block("for " + name(f.name()) + " " + strings(f.values()), indent, f.children());
            case Retry r -> block("retry", indent, r.children(), Integer.toString(r.times()));
        }
    }

    private void leaf(Command command, String arguments) {
        out.append('(').append(command.keyword()).append(' ').append(arguments).append(')');
    }

    private void block(String head, int indent, List<Command> children) {
        block(head, indent, children, null);
    }

    /** Head on the first line, then each child, then {@code tail} (when given) on lines of their own. */
    private void block(String head, int indent, List<Command> children, String tail) {
        out.append('(').append(head);
        for (Command child : children) {
            newline(indent + STEP);
            command(child, indent + STEP);
        }
        if (tail != null) {
            newline(indent + STEP).append(tail);
        }
        out.append(')');
    }

    private StringBuilder newline(int indent) {
        return out.append('\n').append(" ".repeat(indent));
    }

    private static String name(String name) {
        return name != null && BARE_NAME.matcher(name).matches() && !name.equals("null") ? name : quote(name);
    }

    private static String number(Double seconds) {
        return seconds == null ? "null" : Numbers.format(seconds);
    }

    private static String strings(List<String> values) {
        return values.stream().map(Printer::quote).collect(Collectors.joining(" ", "(", ")"));
    }

    private static String integers(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(" ", "(", ")"));
    }

    /** A string literal: quotes, backslashes, newlines and tabs escaped; {@code null} for none. */
    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
