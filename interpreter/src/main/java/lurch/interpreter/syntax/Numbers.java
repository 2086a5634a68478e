package lurch.interpreter.syntax;

import java.util.regex.Pattern;
import lurch.interpreter.syntax.Token.Kind;

/** Reading numbers from tokens, and writing them back so that they read the same. */
public final class Numbers {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    /** Below this, every integral double prints exactly as a long. */
    private static final double PLAIN_LIMIT = 1e15;

    private Numbers() {}

    /** The integer a token spells, or null when it is not an integer. */
    static Integer integer(Token t) {
        if (!t.is(Kind.NUMBER) || !INTEGER.matcher(t.text()).matches()) {
            return null;
        }
        try {
            return Integer.parseInt(t.text());
        } catch (NumberFormatException e) {
            throw new SyntaxError(t.position(), "integer out of range: " + t.text());
        }
    }

    /** The number a token spells, or null when it is not a number. */
    static Double decimal(Token t) {
        if (!t.is(Kind.NUMBER)) {
            return null;
        }
        double value = Double.parseDouble(t.text());
        if (Double.isInfinite(value)) {
            throw new SyntaxError(t.position(), "number out of range: " + t.text());
        }
        return value;
    }

    /** {@code 10} rather than {@code 10.0}; otherwise the shortest text that reads back as the same double. */
    public static String format(double value) {
        boolean plain = value == Math.rint(value) && Math.abs(value) < PLAIN_LIMIT
                && Double.doubleToRawLongBits(value) != Double.doubleToRawLongBits(-0.0);
        return plain ? Long.toString((long) value) : Double.toString(value);
    }
}
