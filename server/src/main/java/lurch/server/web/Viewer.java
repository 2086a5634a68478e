package lurch.server.web;

import io.helidon.webserver.http.ServerRequest;
import lurch.db.Role;

/**
 * Who looks at a page: a logged-in user with their role and the session's CSRF token, or nobody ({@code user} and
 * {@code role} null). {@link WebAuth} puts one into every page request's context.
 */
public record Viewer(String user, Role role, String csrfToken) {

    static final Viewer ANONYMOUS = new Viewer(null, null, "");

    public boolean loggedIn() {
        return user != null;
    }

    /** Whether the pages offer this one their forms: starting, editing, approving, answering, cancelling. */
    public boolean mayChange() {
        return role == Role.ADMIN;
    }

    /** How the user is recorded as the one who started or changed something. */
    String creator() {
        return "user:" + user;
    }

    static Viewer of(ServerRequest req) {
        return req.context().get(Viewer.class, Viewer.class).orElse(ANONYMOUS);
    }
}
