package lurch.interpreter.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import lurch.interpreter.Position;
import lurch.interpreter.SourceMap;
import lurch.interpreter.ast.Command;
import lurch.interpreter.syntax.Token.Kind;

/**
 * One command being parsed, after its keyword: reads its arguments one by one, each with the
 * sentence that says what was expected, and records where each argument (and list item) was.
 */
final class Form {

    private final Cursor cursor;
    private final Parser parser;
    private final Token open;
    private final String keyword;
    private final List<SourceMap.Argument> arguments = new ArrayList<>();

    Form(Cursor cursor, Parser parser, Token open, String keyword) {
        this.cursor = cursor;
        this.parser = parser;
        this.open = open;
        this.keyword = keyword;
    }

    String keyword() {
        return keyword;
    }

    /** True when the form ends here, for trailing arguments that may be left out. */
    boolean ended() {
        return cursor.at(Kind.CLOSE);
    }

    Command command(String what) {
        return command(what + " (a command)", what + " (a command in parentheses)");
    }

    /** One more command of a list of them, such as a sequence's. */
    Command nextCommand() {
        return command("a command or ')'", "a command or ')'");
    }

    private Command command(String expectation, String mismatch) {
        Token at = start(expectation);
        if (!at.is(Kind.OPEN)) {
            throw mismatch(mismatch);
        }
        return parser.command();
    }

    String string(String what) {
        return atom(what + " (a string)", t -> t.is(Kind.STRING) ? t.text() : null);
    }

    /** A string, or {@code null} for none. */
    String stringOrNull(String what) {
        return nullable(what + " (a string or null)", t -> t.is(Kind.STRING) ? t.text() : null);
    }

    /** A name: a bare symbol, or a string. */
    String name(String what) {
        return atom(what + " (a name)", t -> t.is(Kind.STRING) || (t.is(Kind.SYMBOL) && !t.isSymbol("null")) ? t.text() : null);
    }

    int integer(String what) {
        return atom(what + " (an integer)", Numbers::integer);
    }

    double number(String what) {
        return atom(what + " (a number of seconds)", Numbers::decimal);
    }

    Double numberOrNull(String what) {
        return nullable(what + " (a number of seconds or null)", Numbers::decimal);
    }

    boolean bool(String what) {
        return atom(what + " (t or f)", t -> t.isSymbol("t") ? Boolean.TRUE : t.isSymbol("f") ? Boolean.FALSE : null);
    }

    /** A list of strings: {@code ("a" "b")}, {@code ()} or {@code null}. */
    List<String> strings(String what) {
        return list(what, "a string", t -> t.is(Kind.STRING) ? t.text() : null);
    }

    /** A list of integers: {@code (1 2)}, {@code ()} or {@code null}. */
    List<Integer> integers(String what) {
        return list(what, "an integer", Numbers::integer);
    }

    /** Consumes the closing parenthesis: anything else here is one argument too many. */
    void close() {
        cursor.close("too many arguments to " + keyword);
    }

    SourceMap.Node node() {
        return new SourceMap.Node(open.position(), arguments);
    }

    private <T> List<T> list(String what, String itemWhat, Function<Token, T> read) {
        String expectation = what + " (a list in parentheses, or null)";
        Token at = start(expectation);
        if (at.isSymbol("null")) {
            cursor.next();
            return List.of();
        }
        if (!at.is(Kind.OPEN)) {
            throw mismatch(expectation);
        }
        cursor.open(what);
        List<T> items = new ArrayList<>();
        List<Position> positions = new ArrayList<>();
        while (!cursor.at(Kind.CLOSE)) {
            Token item = cursor.peek();
            T value = item.is(Kind.END) ? null : read.apply(item);
            if (value == null) {
                throw cursor.expected(itemWhat + " or ')' in " + what + " of " + keyword);
            }
            positions.add(item.position());
            items.add(value);
            cursor.next();
        }
        cursor.close("");
        arguments.set(arguments.size() - 1, new SourceMap.Argument(at.position(), positions));
        return items;
    }

    private <T> T nullable(String what, Function<Token, T> read) {
        return atom(what, t -> t.isSymbol("null") ? null : read.apply(t), true);
    }

    private <T> T atom(String what, Function<Token, T> read) {
        return atom(what, read, false);
    }

    private <T> T atom(String what, Function<Token, T> read, boolean nullAllowed) {
        Token at = start(what);
        T value = at.is(Kind.OPEN) ? null : read.apply(at);
        if (value == null && !(nullAllowed && at.isSymbol("null"))) {
            throw mismatch(what);
        }
        cursor.next();
        return value;
    }

    /** Records where the next argument starts; a ')' or the end here means it is missing. */
    private Token start(String what) {
        Token at = cursor.peek();
        if (at.is(Kind.CLOSE)) {
            throw cursor.expected(keyword + " is missing an argument", what);
        }
        if (at.is(Kind.END)) {
            throw cursor.expected(what + " in " + keyword);
        }
        arguments.add(new SourceMap.Argument(at.position(), List.of()));
        return at;
    }

    private SyntaxError mismatch(String what) {
        return cursor.expected(what + " in " + keyword);
    }
}
