package lurch.interpreter;

/** A place in a program's source: 1-based line, and 1-based column counted in characters (code points). */
public record Position(int line, int column) {

    public Position {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("a position is 1-based, got " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
