package lurch.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.NullNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.time.Instant;
import lurch.db.Role;

/** JSON in and out of the API. Field names are snake_case; times are ISO-8601 instants (UTC) or null. */
public final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Request bodies of JSON calls are small; anything bigger is a mistake or an attack. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private Json() {}

    public static void send(ServerResponse res, Status status, Object body) {
        res.status(status);
        res.headers().contentType(MediaTypes.APPLICATION_JSON);
        try {
            res.send(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void ok(ServerResponse res, Object body) {
        send(res, Status.OK_200, body);
    }

    /** The request's JSON object; a missing body reads as an empty object. */
    public static JsonNode body(ServerRequest req) {
        String text = Bodies.text(req, MAX_BODY_BYTES, "JSON body");
        if (text.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (!node.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** A field that must be a string when present; null when absent or JSON null. */
    public static String optionalString(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value instanceof NullNode) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field + ": expected a string");
        }
        return value.asText();
    }

    /** A field that must be {@code "admin"} or {@code "viewer"} when present; null when absent. */
    static Role optionalRole(JsonNode body, String field) {
        String word = optionalString(body, field);
        try {
            return word == null ? null : Role.of(word);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + ": " + e.getMessage());
        }
    }

    public static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
