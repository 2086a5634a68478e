package lurch.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonDataTest {

    @Test
    void readsWhatTheApiAnswers() {
        Object json = JsonData.parse(" {\"id\": 12, \"cpu_user\": 0.5e1, \"stopped\": null, \"ok\": true,"
                + " \"label\": \"exec \\\"a\\\\b\\\"\\n\\u00e9\", \"tree\": [{}, [], -3]} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", 12L);
        expected.put("cpu_user", 5.0);
        expected.put("stopped", null);
        expected.put("ok", true);
        expected.put("label", "exec \"a\\b\"\né");
        expected.put("tree", List.of(Map.of(), List.of(), -3L));
        assertEquals(expected, json);
    }

    @Test
    void writesWhatItReadsBack() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("approve", false);
        body.put("message", null);
        body.put("vars", Map.of("x", "tab\there \"quoted\" \u0001"));
        String text = JsonData.write(body);
        assertEquals("{\"approve\":false,\"message\":null,\"vars\":{\"x\":\"tab\\u0009here \\\"quoted\\\" \\u0001\"}}", text);
        assertEquals(body, JsonData.parse(text));
    }

    @Test
    void malformedInputSaysWhereItBroke() {
        for (String bad : Arrays.asList("{\"a\": }", "[1, 2", "{\"a\": 1} x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonData.parse(bad));
            assertEquals(true, e.getMessage().startsWith("malformed JSON from the server: expected "), e.getMessage());
        }
    }
}
