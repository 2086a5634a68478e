package lurch.server.api;

import io.helidon.webserver.http.ServerRequest;

/** The owner of the token an API request came with; stored in the request context by {@link ApiAuth}. */
public record Caller(String owner) {

    /** How the caller is recorded as the author of a change: "user:NAME". */
    public String by() {
        return "user:" + owner;
    }

    public static Caller of(ServerRequest req) {
        return req.context().get(Caller.class, Caller.class)
                .orElseThrow(() -> new IllegalStateException("API request without an authenticated caller"));
    }
}
