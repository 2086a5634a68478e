package lurch.interpreter.syntax;

import lurch.interpreter.Diagnostic;
import lurch.interpreter.Position;

/**
 * Unwinds the parser at the first error of a form; {@link Parser#parse} turns it into a
 * {@link Diagnostic}. It never leaves this package.
 */
final class SyntaxError extends RuntimeException {

    private final transient Diagnostic diagnostic;

    SyntaxError(Position position, String message) {
        super(message, null, false, false);
        this.diagnostic = new Diagnostic(position, message);
    }

    Diagnostic diagnostic() {
        return diagnostic;
    }
}
