package lurch.server.git;

/** How stored secrets and tokens are shown: never in full. */
final class Masks {
    private static final int SHOWN = 4;

    private Masks() {}

    /** {@code ghp_…abcd}: the first and last four characters of a long value, only {@code ***} of a short one. */
    static String mask(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() < 3 * SHOWN) {
            return "***";
        }
        return value.substring(0, SHOWN) + "…" + value.substring(value.length() - SHOWN);
    }
}
