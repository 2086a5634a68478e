package lurch.interpreter.syntax;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import lurch.interpreter.Diagnostic;
import lurch.interpreter.SourceMap;
import lurch.interpreter.ast.Builder;
import lurch.interpreter.ast.Command;
import lurch.interpreter.ast.Command.*;
import lurch.interpreter.syntax.Token.Kind;

/**
 * Recursive descent over the s-expression syntax, one method per rule of the grammar. A program
 * is exactly one command. The first syntax error ends the parse and is returned as a diagnostic;
 * nothing else escapes.
 */
public final class Parser {

    private final Cursor cursor;
    private final IdentityHashMap<Command, SourceMap.Node> positions = new IdentityHashMap<>();

    private Parser(String source) {
        this.cursor = new Cursor(source);
    }

    /** What parsing found: the program and where its nodes are, or the first syntax error. */
    public record Result(Command program, SourceMap sourceMap, List<Diagnostic> diagnostics) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    public static Result parse(String source) {
        Parser parser = new Parser(source);
        try {
            Command program = parser.program();
            return new Result(program, new SourceMap(parser.positions), List.of());
        } catch (SyntaxError e) {
            return new Result(null, SourceMap.empty(), List.of(e.diagnostic()));
        }
    }

    /** program := command END */
    private Command program() {
        if (cursor.at(Kind.END)) {
            throw cursor.expected("empty program", "a command");
        }
        Command program = command();
        if (!cursor.at(Kind.END)) {
            String problem = cursor.at(Kind.CLOSE) ? "unmatched ')'" : "a program is a single command";
            throw cursor.expected(problem, "end of input after the program");
        }
        return program;
    }

    /** command := '(' KEYWORD arguments... ')' */
    Command command() {
        Token open = cursor.open("a command");
        Token keyword = cursor.peek();
        if (!keyword.is(Kind.SYMBOL)) {
            throw cursor.expected("a command name after '('");
        }
        cursor.next();
        Form form = new Form(cursor, this, open, keyword.text());
        Command command = switch (keyword.text()) {
            case "no-op" -> new NoOp(form.integer("the exit code"));
            case "isolate" -> new Isolate(builder(form), form.command("the body"));
            case "chroot" -> new Builder.Chroot(form.string("the template"));
            case "docker" -> new Builder.Docker(form.string("the image"));
            case "exec" -> exec(form);
            case "approve" -> new Approve(form.numberOrNull("the timeout"), form.string("the comment"),
                    form.bool("the answer on timeout"));
            case "let" -> new Let(form.name("the variable name"), form.stringOrNull("the default value"),
                    form.stringOrNull("the comment"), form.command("the body"));
            case "sequence" -> sequence(form);
            case "retry" -> new Retry(form.command("the command to retry"), form.integer("the number of attempts"));
            case "if" -> new If(form.command("the condition"), form.command("the then branch"),
                    form.command("the else branch"));
            case "pause" -> new Pause(form.number("the duration"));
            case "wait" -> new Wait(form.integers("the minutes"), form.integers("the hours"),
                    form.integers("the days of the month"), form.integers("the months"), form.integers("the days of the week"));
            case "spawn" -> new Spawn(form.string("the program name"));
            case "for" -> new For(form.name("the variable name"), form.strings("the values"), form.command("the body"));
            case "break" -> new Break(form.integer("the number of loops"));
            default -> throw new SyntaxError(keyword.position(), Keywords.unknown(keyword.text()));
        };
        form.close();
        positions.put(command, form.node());
        return command;
    }

    /** The first argument of isolate must build the isolation; nothing else can stand there. */
    private Builder builder(Form form) {
        Command builder = form.command("the builder, (chroot ...) or (docker ...),");
        if (builder instanceof Builder b) {
            return b;
        }
        throw new SyntaxError(positions.get(builder).open(),
                "expected a builder, (chroot ...) or (docker ...), as the first argument of isolate, found " + builder.keyword());
    }

    /** exec := '(' exec PATH [ARGS [ENV [TIMEOUT]]] ')' */
    private Exec exec(Form form) {
        String path = form.string("the path");
        List<String> args = form.ended() ? List.of() : form.strings("the arguments");
        List<String> env = form.ended() ? List.of() : form.strings("the environment");
        Double timeout = form.ended() ? null : form.numberOrNull("the timeout");
        return new Exec(path, args, env, timeout);
    }

    /** sequence := '(' sequence command* ')' */
    private Sequence sequence(Form form) {
        List<Command> commands = new ArrayList<>();
        while (!form.ended()) {
            commands.add(form.nextCommand());
        }
        return new Sequence(commands);
    }
}
