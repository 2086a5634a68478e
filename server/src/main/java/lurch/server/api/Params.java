package lurch.server.api;

import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/** Path and query parameters as numbers, with errors naming the parameter and its allowed range. */
public final class Params {

    private Params() {}

    /** The run number in the path. */
    static long runId(ServerRequest req) {
        String raw = req.path().pathParameters().get("id");
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // answered below, with the value that was given
        }
        throw ApiException.badRequest("run number must be a positive whole number, not '" + raw + "'");
    }

    static long query(ServerRequest req, String name, long fallback, long min, long max) {
        Optional<String> raw = req.query().first(name).asOptional();
        if (raw.isEmpty() || raw.get().isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.get().trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below, with the value that was given
        }
        throw ApiException.badRequest("query parameter '" + name + "' must be a whole number from " + min
                + " to " + max + ", not '" + raw.get() + "'");
    }

    public static int query(ServerRequest req, String name, int fallback, int min, int max) {
        return (int) query(req, name, (long) fallback, min, max);
    }

    static boolean flag(ServerRequest req, String name) {
        String raw = req.query().first(name).orElse("false");
        return switch (raw) {
            case "true", "1", "" -> true;
            case "false", "0" -> false;
            default -> throw ApiException.badRequest("query parameter '" + name + "' must be true or false, not '"
                    + raw + "'");
        };
    }
}
