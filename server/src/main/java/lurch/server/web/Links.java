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

    /** Only a local path is followed after login, never another site. */
    static String localOrHome(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") ? next : "/";
    }
}
