package lurch.server.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Map;
import java.util.Optional;
import lurch.db.ApiToken;
import lurch.db.Role;

/**
 * Lets an {@code /api/} request through only with {@code Authorization: Bearer TOKEN} of a valid token, and a
 * request that changes something (any method but GET and HEAD) only with an admin token: a viewer token reads.
 */
final class ApiAuth implements Filter {

    private static final String PREFIX = "Bearer ";

    private final ApiTokens tokens;

    ApiAuth(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.prologue().uriPath().path();
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            chain.proceed();
            return;
        }
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty() || !header.get().startsWith(PREFIX)) {
            refuse(res, "missing 'Authorization: Bearer TOKEN' header");
            return;
        }
        Optional<ApiToken> token = tokens.check(header.get().substring(PREFIX.length()).trim());
        if (token.isEmpty()) {
            refuse(res, "invalid API token");
            return;
        }
        ApiToken valid = token.get();
        Method method = req.prologue().method();
        if (valid.role() != Role.ADMIN && method != Method.GET && method != Method.HEAD) {
            Json.send(res, Status.FORBIDDEN_403, Map.of("error", "token '" + valid.name() + "' is a "
                    + valid.role().word() + " token: it may read (GET) but not change anything"));
            return;
        }
        req.context().register(Caller.class, new Caller(valid.owner()));
        chain.proceed();
    }

    private static void refuse(RoutingResponse res, String message) {
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        Json.send(res, Status.UNAUTHORIZED_401, Map.of("error", message));
    }
}
