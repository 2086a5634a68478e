package lurch.interpreter.syntax;

import java.math.BigDecimal;
import java.util.regex.Pattern;
import lurch.interpreter.syntax.Token.Kind;

/** Reading numbers from tokens, and writing them back so that they read the same. */
public final class Numbers {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    /** Between these, numbers print without exponent, as people write them. */
    private static final double PLAIN_LIMIT = 1e15;
    private static final double PLAIN_FLOOR = 1e-4;

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

    /**
     * The shortest text that reads back as the same double, without exponent in the usual range:
     * {@code 10} rather than {@code 10.0}, {@code 123456789.125} rather than {@code 1.23456789125E8}.
     */
    public static String format(double value) {
        String shortest = Double.toString(value);
        double magnitude = Math.abs(value);
        boolean negativeZero = Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(-0.0);
        if (negativeZero || magnitude >= PLAIN_LIMIT || (magnitude < PLAIN_FLOOR && value != 0)) {
            return shortest;
        }
        return new BigDecimal(shortest).stripTrailingZeros().toPlainString();
    }
}
