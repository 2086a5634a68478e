package lurch.server.web;

import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;

/**
 * Finds the logged-in user of a page request from the session cookie and puts the {@link Viewer} into the
 * request context. When viewing is not public, pages other than the login page send the visitor to /login.
 * Changes (POST) are checked one level down, by {@link PostForm}, where the form is read.
 */
final class WebAuth implements Filter {

    static final String COOKIE = "lurch_session";
    /** Paths that are not web pages (the API and hooks have their own authentication) or are always open. */
    private static final List<String> OPEN = List.of("/api/", "/hooks/", "/health", "/metrics", "/static/",
            "/badge/", "/login");

    private final Accounts accounts;
    private final boolean publicView;

    WebAuth(Accounts accounts, boolean publicView) {
        this.accounts = accounts;
        this.publicView = publicView;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.prologue().uriPath().path();
        if (path.startsWith("/api/") || path.startsWith("/hooks/")) {
            chain.proceed();
            return;
        }
        Viewer viewer = req.headers().cookies().first(COOKIE).asOptional()
                .flatMap(accounts::viewer).orElse(Viewer.ANONYMOUS);
        req.context().register(Viewer.class, viewer);
        boolean open = OPEN.stream().anyMatch(path::startsWith);
        if (!publicView && !viewer.loggedIn() && !open && req.prologue().method() == Method.GET) {
            res.status(Status.SEE_OTHER_303).header("Location", "/login?next=" + Links.query(path)).send();
            return;
        }
        chain.proceed();
    }
}
