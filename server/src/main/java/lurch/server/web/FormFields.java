package lurch.server.web;

import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.util.Map;

/**
 * Reads a submitted form within limits, so that no field can make the server hold or process more than a
 * form of that kind needs: the body at most {@link #MAX_BODY} bytes (refused before it is read when its
 * length says so), each field at most its own size (a program's text {@link #MAX_PROGRAM}, every other
 * field {@link #MAX_FIELD} characters). Too much is a 413 naming the field; a body that does not decode
 * (a {@code %} not followed by two hex digits) is a 400, and an empty one has no fields.
 */
final class FormFields {
    static final int MAX_FIELD = 4096;
    static final int MAX_PROGRAM = 256 * 1024;
    static final long MAX_BODY = 1L << 20;
    private static final Map<String, Integer> LIMITS = Map.of("source", MAX_PROGRAM, "value", 64 * 1024,
            "message", 16 * 1024, "name", 256, "password", 1024);

    private FormFields() {}

    static Parameters read(ServerRequest req) {
        long length = req.headers().value(HeaderNames.CONTENT_LENGTH).map(Long::parseLong).orElse(-1L);
        if (length > MAX_BODY) {
            throw new PageException(Status.REQUEST_ENTITY_TOO_LARGE_413,
                    "A form may hold at most " + MAX_BODY + " bytes; this one has " + length + ".");
        }
        if (!req.content().hasEntity()) { // found by fuzzing: an empty POST made a 500 ("No entity")
            return Parameters.empty("form");
        }
        try {
            Parameters fields = req.content().as(Parameters.class);
            check(fields);
            return fields;
        } catch (IllegalArgumentException e) { // found by fuzzing: "%zz" made a 500
            throw PageException.badRequest("The form is not valid URL encoding: " + e.getMessage());
        }
    }

    /** Refuses the form when any value of any field is over that field's limit. */
    static void check(Parameters fields) {
        for (String name : fields.names()) {
            int limit = LIMITS.getOrDefault(name, MAX_FIELD);
            for (String value : fields.all(name)) {
                if (value.length() > limit) {
                    throw new PageException(Status.REQUEST_ENTITY_TOO_LARGE_413, "The field '"
                            + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "' may hold at most "
                            + limit + " characters; it has " + value.length() + ".");
                }
            }
        }
    }
}
