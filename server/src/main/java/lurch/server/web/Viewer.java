package lurch.server.web;

import io.helidon.webserver.http.ServerRequest;

/**
 * Who looks at a page: a logged-in user with the session's CSRF token, or nobody ({@code user} null).
 * {@link WebAuth} puts one into every page request's context.
 */
public record Viewer(String user, String csrfToken) {

    static final Viewer ANONYMOUS = new Viewer(null, "");

    public boolean loggedIn() {
        return user != null;
    }

    /** How the user is recorded as the one who started or changed something. */
    String creator() {
        return "user:" + user;
    }

    static Viewer of(ServerRequest req) {
        return req.context().get(Viewer.class, Viewer.class).orElse(ANONYMOUS);
    }
}
