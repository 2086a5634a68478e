package lurch.interpreter.syntax;

import java.util.regex.Pattern;
import lurch.interpreter.Position;
import lurch.interpreter.syntax.Token.Kind;

/**
 * Splits source text into tokens on demand, so that the parser reports the first error in reading
 * order. Whitespace and {@code ;} comments separate tokens; an atom is any run of other characters
 * except parentheses and quotes, and is a number when it reads as one.
 */
final class Lexer {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final String source;
    private int index;
    private int line = 1;
    private int column = 1;

    Lexer(String source) {
        this.source = source;
        // Some editors start files with a byte-order mark; it is not part of the program.
        this.index = source.startsWith("\uFEFF") ? 1 : 0;
    }

    Token next() {
        skipBlanks();
        Position at = here();
        if (index >= source.length()) {
            return new Token(Kind.END, "", at);
        }
        int c = source.codePointAt(index);
        return switch (c) {
            case '(' -> single(Kind.OPEN, at);
            case ')' -> single(Kind.CLOSE, at);
            case '"' -> string(at);
            default -> atom(at);
        };
    }

    private void skipBlanks() {
        while (index < source.length()) {
            int c = source.codePointAt(index);
            if (c == ';') {
                while (index < source.length() && source.charAt(index) != '\n') {
                    advance();
                }
            } else if (Character.isWhitespace(c)) {
                advance();
            } else {
                return;
            }
        }
    }

    private Token single(Kind kind, Position at) {
        advance();
        return new Token(kind, kind == Kind.OPEN ? "(" : ")", at);
    }

    private Token string(Position at) {
        advance();
        StringBuilder value = new StringBuilder();
        while (index < source.length()) {
            int c = advance();
            if (c == '"') {
                return new Token(Kind.STRING, value.toString(), at);
            }
            if (c == '\\') {
                value.append(escape());
            } else {
                value.appendCodePoint(c);
            }
        }
        throw new SyntaxError(at, "unterminated string: expected a closing '\"', found end of input");
    }

    private char escape() {
        Position at = new Position(line, column - 1);
        if (index >= source.length()) {
            throw new SyntaxError(at, "unterminated string: expected an escaped character after '\\', found end of input");
        }
        int c = advance();
        return switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case 'n' -> '\n';
            case 't' -> '\t';
            default -> throw new SyntaxError(at, "unknown escape in string: expected one of \\\" \\\\ \\n \\t, found \\"
                    + Character.toString(c));
        };
    }

    private Token atom(Position at) {
        int start = index;
        while (index < source.length() && !endsAtom(source.codePointAt(index))) {
            advance();
        }
        String text = source.substring(start, index);
        return new Token(NUMBER.matcher(text).matches() ? Kind.NUMBER : Kind.SYMBOL, text, at);
    }

    private static boolean endsAtom(int c) {
        return c == '(' || c == ')' || c == '"' || c == ';' || Character.isWhitespace(c);
    }

    private int advance() {
        int c = source.codePointAt(index);
        index += Character.charCount(c);
        if (c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        return c;
    }

    private Position here() {
        return new Position(line, column);
    }
}
