package lurch.interpreter;

/** One thing wrong with a program, and where: the parser and the validator report these as values. */
public record Diagnostic(Position position, String message) {

    /** {@code FILE:LINE:COL: message}, the form compilers use, so editors can jump to it. */
    public String format(String file) {
        return file + ":" + this;
    }

    /** {@code LINE:COL: message}. */
    @Override
    public String toString() {
        return position + ": " + message;
    }
}
