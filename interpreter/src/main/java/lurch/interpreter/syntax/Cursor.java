package lurch.interpreter.syntax;

import java.util.ArrayDeque;
import java.util.Deque;
import lurch.interpreter.syntax.Token.Kind;

/**
 * The parser's view of the token stream: one token of look-ahead, and the stack of parentheses
 * still open, so that running out of input is reported at the parenthesis that was never closed.
 */
final class Cursor {

    /** Deeper than any real program; keeps hostile input from overflowing the parser's stack. */
    static final int MAX_DEPTH = 128;

    private final Lexer lexer;
    private final Deque<Token> opens = new ArrayDeque<>();
    private Token peeked;

    Cursor(String source) {
        this.lexer = new Lexer(source);
    }

    Token peek() {
        if (peeked == null) {
            peeked = lexer.next();
        }
        return peeked;
    }

    Token next() {
        Token t = peek();
        peeked = null;
        return t;
    }

    boolean at(Kind kind) {
        return peek().is(kind);
    }

    /** Consumes a {@code (} that starts {@code what}. */
    Token open(String what) {
        if (!at(Kind.OPEN)) {
            throw expected("'(' to start " + what);
        }
        if (opens.size() >= MAX_DEPTH) {
            throw new SyntaxError(peek().position(), "nesting too deep: at most " + MAX_DEPTH + " levels of parentheses");
        }
        opens.push(peek());
        return next();
    }

    /** Consumes the {@code )} of the innermost open parenthesis; {@code problem} says what else was found. */
    void close(String problem) {
        if (!at(Kind.CLOSE)) {
            throw expected(problem, "')'");
        }
        opens.pop();
        next();
    }

    SyntaxError expected(String what) {
        return expected("", what);
    }

    /**
     * An error at the next token: "{@code problem: expected what, found token}". Out of input
     * inside parentheses, it points at the innermost one left open instead.
     */
    SyntaxError expected(String problem, String what) {
        Token found = peek();
        String lead = problem.isEmpty() ? "" : problem + ": ";
        if (found.is(Kind.END) && !opens.isEmpty()) {
            return new SyntaxError(opens.peek().position(), "unclosed '(': expected " + what + ", found end of input");
        }
        return new SyntaxError(found.position(), lead + "expected " + what + ", found " + found.describe());
    }
}
