package lurch.server.api;

import java.util.regex.Pattern;

/** Rules for names given by users: program names and secret names. */
public final class Names {

    static final int MAX_PROGRAM_NAME = 200;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Names() {}

    /** Program names may hold spaces and '/' (forge paths like owner/repo), but no control characters. */
    public static String program(String name) {
        if (name.isBlank()) {
            throw ApiException.badRequest("program name must not be empty");
        }
        if (name.length() > MAX_PROGRAM_NAME) {
            throw ApiException.badRequest("program name is longer than " + MAX_PROGRAM_NAME + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("program name must not contain control characters");
        }
        return name;
    }

    /** Secrets become environment variables, so their names must be valid ones. */
    static String secret(String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("secret name '" + name
                    + "' is not a valid environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
        }
        return name;
    }
}
