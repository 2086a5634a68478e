package lurch.server.git;

/**
 * How stored secrets and tokens are shown: whether one is set, never any part of it (even a few
 * characters of a token narrow a search, and tell which token of several it is).
 */
final class Masks {
    static final String SET = "***";

    private Masks() {}

    /** {@code ***} for a value that is set, null for none. */
    static String mask(String value) {
        return value == null || value.isEmpty() ? null : SET;
    }
}
