package lurch.server.web;

import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/** Numbers in page paths and queries, with errors naming the parameter and what it may be. */
final class WebParams {

    private WebParams() {}

    static long runId(ServerRequest req) {
        return number("run number", req.path().pathParameters().get("id"), 1, Long.MAX_VALUE);
    }

    static int integer(ServerRequest req, String name, int fallback, int min, int max) {
        return (int) longValue(req, name, fallback, min, max);
    }

    static long longValue(ServerRequest req, String name, long fallback, long min, long max) {
        Optional<String> raw = req.query().first(name).asOptional();
        return raw.isEmpty() || raw.get().isBlank() ? fallback
                : number("query parameter '" + name + "'", raw.get(), min, max);
    }

    static long number(String what, String raw, long min, long max) {
        try {
            long value = Long.parseLong(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below, with the value that was given
        }
        throw PageException.badRequest(what + " must be a whole number from " + min + " to " + max
                + ", not '" + raw + "'");
    }
}
