package lurch.server.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import lurch.interpreter.eval.Scope;

/** Stores a {@link Scope} as {@code {"vars":{...},"presets":{...}}} in a run's row. */
final class ScopeCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Stored(Map<String, String> vars, Map<String, String> presets) {}

    static String encode(Scope scope) {
        try {
            return JSON.writeValueAsString(new Stored(scope.vars(), scope.presets()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode scope", e);
        }
    }

    static Scope decode(String json) {
        if (json == null || json.isBlank()) {
            return Scope.of(Map.of(), Map.of());
        }
        try {
            Stored stored = JSON.readValue(json, Stored.class);
            return Scope.of(orEmpty(stored.vars()), orEmpty(stored.presets()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored scope is not valid JSON: " + json, e);
        }
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private ScopeCodec() {}
}
