package lurch.interpreter.syntax;

import lurch.interpreter.Position;

/**
 * One lexical unit. {@code text} is the source text, except for a string, where it is the
 * unescaped value. Numbers and symbols (bare words such as {@code exec}, {@code t}, {@code null})
 * are told apart by the lexer; what a symbol means depends on where the parser finds it.
 */
record Token(Kind kind, String text, Position position) {

    enum Kind { OPEN, CLOSE, STRING, NUMBER, SYMBOL, END }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isSymbol(String name) {
        return kind == Kind.SYMBOL && text.equals(name);
    }

    /** How an error message names this token: a user recognises their own text. */
    String describe() {
        return switch (kind) {
            case OPEN -> "'('";
            case CLOSE -> "')'";
            case END -> "end of input";
            case STRING -> Printer.quote(text.length() > 40 ? text.substring(0, 40) + "..." : text);
            case NUMBER, SYMBOL -> text;
        };
    }
}
