package lurch.hooks.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.util.Map;

/** A flat JSON object as a request body; both forges take their status fields as JSON. */
final class JsonBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBody() {
    }

    static HttpRequest.BodyPublisher of(Map<String, String> fields) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
