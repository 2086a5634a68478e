package lurch.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import lurch.db.Run;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Workers through the API: the list of workers, and which worker each run of a tree ran on. */
class ApiWorkersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void workersAreListedByNameWithStateIsolatesAndTimesAndViewersMayReadThem(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            assertEquals(JSON.readTree("[]"), JSON.readTree(api.get("/api/workers").body()));
            api.db.workers().register("build-2", T0);
            api.db.workers().register("build-1", T0);
            api.db.workers().heartbeat("build-1", 2, T0.plusSeconds(5));
            api.db.workers().markLost(T0.plusSeconds(1));

            HttpResponse<String> listed = api.get("/api/workers");
            assertEquals(200, listed.statusCode(), listed.body());
            assertEquals(JSON.readTree("""
                    [{"name":"build-1","state":"busy","isolates":2,"started":"2026-12-06T10:00:00Z",
                      "last_seen":"2026-12-06T10:00:05Z"},
                     {"name":"build-2","state":"lost","isolates":0,"started":"2026-12-06T10:00:00Z",
                      "last_seen":"2026-12-06T10:00:00Z"}]"""), JSON.readTree(listed.body()));

            String viewer = JSON.readTree(api.send("POST", "/api/tokens", "{\"name\":\"wall\",\"role\":\"viewer\"}")
                    .body()).get("token").asText();
            HttpResponse<String> asViewer = api.send("GET", "/api/workers", null,
                    Map.of("Authorization", "Bearer " + viewer));
            assertEquals(200, asViewer.statusCode(), asViewer.body());
            assertEquals(JSON.readTree(listed.body()), JSON.readTree(asViewer.body()));
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aRunOnAWorkerNamesItAndARunOfTheServerHasNoWorkerField(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            assertEquals(200, api.send("PUT", "/api/programs/hello", "(no-op 0)").statusCode());
            Run top = api.control.start(api.control.latest("hello"), Map.of(), Map.of(), "user:test", null);
            Run isolate = api.control.child(top, "isolate");
            Run exec = api.control.child(isolate, "exec");
            api.db.workers().register("build-1", T0);
            TestWorkers.ranOn(api.fresh.url(), api.fresh.user(), api.fresh.password(), isolate.id(), "build-1");
            TestWorkers.ranOn(api.fresh.url(), api.fresh.user(), api.fresh.password(), exec.id(), "build-1");

            JsonNode shown = JSON.readTree(api.get("/api/runs/" + top.id()).body());
            assertFalse(shown.has("worker"), "the top run ran on the server: " + shown);
            JsonNode tree = shown.get("tree");
            assertFalse(tree.get(0).has("worker"), tree.toString());
            assertEquals("build-1", tree.get(1).get("worker").asText());
            assertEquals("build-1", tree.get(2).get("worker").asText());
            assertEquals("build-1",
                    JSON.readTree(api.get("/api/runs/" + isolate.id()).body()).get("worker").asText());
        }
    }
}
