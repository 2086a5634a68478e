package lurch.server.web;

import io.helidon.common.parameters.Parameters;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * A submitted form of a logged-in user whose CSRF token matched: every page action that changes something is
 * wrapped by {@link #handler}, so none can forget the login, the role or the token check.
 */
record PostForm(Viewer viewer, Parameters fields) {

    static final String CSRF_FIELD = "csrf";

    /** A page action on a checked form. */
    interface Action {
        void handle(PostForm form, ServerRequest req, ServerResponse res);
    }

    /** An action that changes something: it needs an admin. */
    static Handler handler(Action action) {
        return handler(action, true);
    }

    /** An action any logged-in user may take (logging out). */
    static Handler anyUser(Action action) {
        return handler(action, false);
    }

    private static Handler handler(Action action, boolean needsAdmin) {
        return (req, res) -> {
            Viewer viewer = Viewer.of(req);
            if (!viewer.loggedIn()) {
                throw new PageException(Status.UNAUTHORIZED_401, "Log in to do this: starting, editing, approving,"
                        + " answering and cancelling need a logged-in user.");
            }
            if (needsAdmin && !viewer.mayChange()) {
                throw new PageException(Status.FORBIDDEN_403, "User '" + viewer.user() + "' is a viewer: viewers"
                        + " may read every page, but starting, editing, approving, answering and cancelling need"
                        + " an admin.");
            }
            Parameters fields = FormFields.read(req);
            String token = fields.first(CSRF_FIELD).orElse("");
            if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    viewer.csrfToken().getBytes(StandardCharsets.UTF_8))) {
                throw new PageException(Status.FORBIDDEN_403, "The form's security token (csrf) is missing or does"
                        + " not belong to your session: reload the page and submit it again.");
            }
            action.handle(new PostForm(viewer, fields), req, res);
        };
    }

    /** A field's value, "" when absent. */
    String text(String name) {
        return fields.first(name).orElse("");
    }
}
