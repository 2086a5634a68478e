package lurch.hooks.git;

import java.util.regex.Pattern;

/** Keeps credentials embedded in clone URLs ({@code https://user:token@host/...}) out of messages and logs. */
public final class RemoteUrls {
    private static final Pattern USER_INFO = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");

    private RemoteUrls() {
    }

    /** {@code text} with the user-info part of every URL in it replaced by {@code ***@}. */
    public static String withoutCredentials(String text) {
        return USER_INFO.matcher(text).replaceAll("$1***@");
    }
}
