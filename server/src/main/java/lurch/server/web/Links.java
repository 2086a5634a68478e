package lurch.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links between pages: program names may hold '/', spaces and any other character. */
final class Links {

    private Links() {}

    /** {@code /programs/NAME} with each '/'-separated part of the name encoded. */
    static String program(String name) {
        StringBuilder path = new StringBuilder("/programs");
        for (String part : name.split("/", -1)) {
            path.append('/').append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return path.toString();
    }

    static String run(long id) {
        return "/runs/" + id;
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Only a path of this site is followed after login, never another site: browsers read {@code //evil},
     * {@code /\\evil} and {@code /<tab>/evil} as another host, so a backslash, a space or a control
     * character anywhere, or a second slash at the start, sends the visitor home instead.
     */
    static String localOrHome(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//")) {
            return "/";
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c == '\\' || c <= ' ' || c == 0x7F || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "/";
            }
        }
        return next;
    }
}
