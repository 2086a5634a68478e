package lurch.server.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import lurch.db.TokenStore;

/** Lets an {@code /api/} request through only with {@code Authorization: Bearer TOKEN} of a known token. */
final class ApiAuth implements Filter {

    private static final String PREFIX = "Bearer ";

    /** Tokens are never revoked while the server runs, so a valid one is looked up once, not per request. */
    private static final int MAX_KNOWN = 1024;

    private final TokenStore tokens;
    private final Map<String, String> known = new ConcurrentHashMap<>();

    ApiAuth(TokenStore tokens) {
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
        Optional<String> owner = ownerOf(header.get().substring(PREFIX.length()).trim());
        if (owner.isEmpty()) {
            refuse(res, "invalid API token");
            return;
        }
        req.context().register(Caller.class, new Caller(owner.get()));
        chain.proceed();
    }

    private Optional<String> ownerOf(String token) {
        String owner = known.get(token);
        if (owner != null) {
            return Optional.of(owner);
        }
        Optional<String> stored = tokens.ownerOf(token);
        if (stored.isPresent()) {
            if (known.size() >= MAX_KNOWN) {
                known.clear();
            }
            known.put(token, stored.get());
        }
        return stored;
    }

    private static void refuse(RoutingResponse res, String message) {
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        Json.send(res, Status.UNAUTHORIZED_401, Map.of("error", message));
    }
}
