package lurch.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Schedules and whole-run timeouts through the REST API, on each supported database. */
class ApiSchedulesAndTimeoutsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROGRAM = "/api/programs/owner%2Frepo";

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return json(response).get("error").asText();
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void schedulesAreSetListedAndRemoved(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            String body = "{\"cron\":\"0 3 * * 1-5\",\"vars\":{\"target\":\"prod\"}}";
            HttpResponse<String> missing = api.send("PUT", PROGRAM + "/schedule", body);
            assertEquals(404, missing.statusCode());
            assertEquals("no program named 'owner/repo'", error(missing));

            assertEquals(200, api.send("PUT", PROGRAM, "(no-op 0)").statusCode());
            HttpResponse<String> set = api.send("PUT", PROGRAM + "/schedule", body);
            assertEquals(200, set.statusCode(), set.body());
            JsonNode schedule = json(set);
            assertEquals("owner/repo", schedule.get("program").asText());
            assertEquals("0 3 * * 1-5", schedule.get("cron").asText());
            assertEquals("prod", schedule.get("vars").get("target").asText());
            assertTrue(Instant.parse(schedule.get("next_start").asText()).isAfter(Instant.now()));
            assertTrue(schedule.get("last_run").isNull());

            assertEquals(schedule, json(api.get(PROGRAM + "/schedule")));
            assertEquals(JSON.createArrayNode().add(schedule), json(api.get("/api/schedules")));
            assertEquals("(no-op 0)\n", api.get(PROGRAM).body(), "the program itself is still there");

            assertEquals(204, api.send("DELETE", PROGRAM + "/schedule", null).statusCode());
            HttpResponse<String> gone = api.send("DELETE", PROGRAM + "/schedule", null);
            assertEquals(404, gone.statusCode());
            assertEquals("program 'owner/repo' has no schedule", error(gone));
            assertEquals("[]", api.get("/api/schedules").body());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void badCronIsA400NamingTheFieldAndValue(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            api.send("PUT", PROGRAM, "(no-op 0)");
            HttpResponse<String> bad = api.send("PUT", PROGRAM + "/schedule", "{\"cron\":\"0 25 * * *\"}");
            assertEquals(400, bad.statusCode());
            assertEquals("cron field 2 (hour) '25': 25 is not between 0 and 23", error(bad));
            HttpResponse<String> none = api.send("PUT", PROGRAM + "/schedule", "{\"vars\":{}}");
            assertEquals(400, none.statusCode());
            assertEquals("cron: expected five fields, e.g. \"0 3 * * *\"", error(none));
            HttpResponse<String> badVars = api.send("PUT", PROGRAM + "/schedule", "{\"cron\":\"* * * * *\",\"vars\":{\"a\":1}}");
            assertEquals(400, badVars.statusCode());
            assertEquals("vars.a: expected a string", error(badVars));
            assertEquals("[]", api.get("/api/schedules").body(), "nothing was stored");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void timeoutsAreSetReadAndCleared(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            assertEquals(404, api.send("PUT", PROGRAM + "/timeout", "{\"seconds\":600}").statusCode());
            api.send("PUT", PROGRAM, "(no-op 0)");
            assertEquals("{\"seconds\":0}", api.get(PROGRAM + "/timeout").body());
            HttpResponse<String> set = api.send("PUT", PROGRAM + "/timeout", "{\"seconds\":600}");
            assertEquals(200, set.statusCode(), set.body());
            assertEquals("{\"seconds\":600}", api.get(PROGRAM + "/timeout").body());
            assertEquals(600, api.db.timeouts().programTimeout("owner/repo").orElseThrow());
            for (String bad : new String[] {"{\"seconds\":-1}", "{\"seconds\":\"600\"}", "{\"seconds\":1.5}", "{}"}) {
                HttpResponse<String> refused = api.send("PUT", PROGRAM + "/timeout", bad);
                assertEquals(400, refused.statusCode(), bad);
                assertTrue(error(refused).startsWith("seconds: expected a whole number from 0 (none) to "), bad);
            }
            assertEquals(200, api.send("PUT", PROGRAM + "/timeout", "{\"seconds\":0}").statusCode());
            assertTrue(api.db.timeouts().programTimeout("owner/repo").isEmpty());
        }
    }
}
