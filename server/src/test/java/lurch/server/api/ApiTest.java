package lurch.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.Usage;
import lurch.db.WaitingFor;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The REST API as a client sees it, on each supported database. */
class ApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HELLO = "(no-op    3)  ; exits with 3\n";

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static Run startHello(ApiTestServer api) {
        assertEquals(200, api.send("PUT", "/api/programs/hello", HELLO).statusCode());
        return api.control.start(api.control.latest("hello"), Map.of(), Map.of(), "user:test", null);
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void apiCallsNeedAValidToken(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            HttpResponse<String> none = api.send("GET", "/api/programs", null, Map.of("Authorization", "Basic x"));
            assertEquals(401, none.statusCode());
            assertEquals("missing 'Authorization: Bearer TOKEN' header", json(none).get("error").asText());
            HttpResponse<String> bad = api.send("GET", "/api/runs", null, Map.of("Authorization", "Bearer nope"));
            assertEquals(401, bad.statusCode());
            assertEquals("invalid API token", json(bad).get("error").asText());
            assertEquals(200, api.get("/api/programs").statusCode());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void importStoresTheCanonicalFormAndRejectsInvalidPrograms(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            HttpResponse<String> saved = api.send("PUT", "/api/programs/test%20chroot", HELLO);
            assertEquals(200, saved.statusCode(), saved.body());
            assertEquals(JSON.readTree("{\"name\":\"test chroot\",\"version\":1}"), json(saved));
            assertEquals("(no-op 3)\n", api.get("/api/programs/test%20chroot").body());

            HttpResponse<String> invalid = api.send("PUT", "/api/programs/broken", "(sequence\n  (bad-command 1))");
            assertEquals(400, invalid.statusCode());
            JsonNode error = json(invalid);
            assertEquals("2:4: unknown command 'bad-command'", error.get("error").asText());
            assertEquals(JSON.readTree("[{\"line\":2,\"column\":4,\"message\":\"unknown command 'bad-command'\"}]"),
                    error.get("diagnostics"));
            assertEquals(404, api.get("/api/programs/broken").statusCode());
            assertEquals(List.of("test chroot"), names(api));
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void programNamesMayHoldSlashesAndHaveVersions(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            api.send("PUT", "/api/programs/owner%2Frepo", HELLO);
            api.send("PUT", "/api/programs/owner%2Frepo", "(no-op 4)");
            assertEquals(List.of("owner/repo"), names(api));
            JsonNode versions = json(api.get("/api/programs/owner%2Frepo/versions"));
            assertEquals(List.of(2, 1), List.of(versions.get(0).get("version").asInt(), versions.get(1).get("version").asInt()));
            assertEquals("user:admin", versions.get(0).get("author").asText());
            assertEquals("(no-op 3)\n", api.get("/api/programs/owner%2Frepo?version=1").body());
            assertEquals("(no-op 4)\n", api.get("/api/programs/owner%2Frepo").body());
            HttpResponse<String> badName = api.send("PUT", "/api/programs/a%01b", HELLO);
            assertEquals(400, badName.statusCode());
            assertEquals("program name must not contain control characters", json(badName).get("error").asText());
            HttpResponse<String> huge = api.send("PUT", "/api/programs/big", "x".repeat(1024 * 1024 + 1));
            assertEquals(413, huge.statusCode());
        }
    }

    /**
     * A client that keeps its connection (the CLI, a browser, any HTTP library) got every JSON answer bigger than a
     * TCP segment ~40 ms late. Such an answer is written in parts, the last one small, and with Nagle's algorithm that
     * part waited for the acknowledgement of the one before, which the client delays by 40 ms. The fastest of 20
     * fetches tells a stall apart from a slow host (10-14 ms here, 55 with the stall).
     */
    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aBigAnswerOnAKeptConnectionComesWithoutWaitingForAnAcknowledgement(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            api.send("PUT", "/api/programs/hello", HELLO);
            for (int i = 0; i < 100; i++) {
                assertEquals(201, api.send("POST", "/api/programs/hello/runs", null).statusCode());
            }
            long fastest = Long.MAX_VALUE;
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> answer = api.get("/api/runs?limit=100");
                fastest = Math.min(fastest, (System.nanoTime() - t0) / 1_000_000);
                assertTrue(answer.body().length() > 20_000, answer.body().length() + " characters");
            }
            assertTrue(fastest < 35, "the fastest of 20 fetches took " + fastest + " ms");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void startPassesTheVariablesAndTheCaller(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            api.send("PUT", "/api/programs/hello", HELLO);
            HttpResponse<String> started = api.send("POST", "/api/programs/hello/runs", "{\"vars\": {\"x\": \"1\"}}");
            assertEquals(201, started.statusCode(), started.body());
            long run = json(started).get("run").asLong();
            assertEquals(new FakeRunControl.Started("hello", Map.of("x", "1"), "user:admin"), api.control.started.getFirst());
            assertEquals(201, api.send("POST", "/api/programs/hello/runs", null).statusCode());

            HttpResponse<String> badVar = api.send("POST", "/api/programs/hello/runs", "{\"vars\": {\"x\": 1}}");
            assertEquals(400, badVar.statusCode());
            assertEquals("vars.x: expected a string", json(badVar).get("error").asText());
            HttpResponse<String> unknown = api.send("POST", "/api/programs/nope/runs", null);
            assertEquals(404, unknown.statusCode());
            assertEquals("no program named 'nope'", json(unknown).get("error").asText());

            JsonNode runs = json(api.get("/api/runs?program=hello&limit=5"));
            assertEquals(2, runs.size());
            assertEquals(run, runs.get(1).get("id").asLong(), "newest first");
            assertEquals("hello", runs.get(0).get("program").asText());
            assertEquals("waiting", runs.get(0).get("status").asText());
            assertEquals(400, api.get("/api/runs?limit=0").statusCode());
            assertEquals("query parameter 'limit' must be a whole number from 1 to 1000, not '5000'",
                    json(api.get("/api/runs?limit=5000")).get("error").asText());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aRunShowsItsTreeWithUsageSummed(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            Run top = startHello(api);
            Run child = api.control.child(top, "exec");
            Run grandChild = api.control.child(child, "exec");
            api.control.end(grandChild.id(), RunStatus.SUCCESS, 0, new Usage(1.5, 0.5, 2048));
            api.control.end(child.id(), RunStatus.FAILURE, 2, new Usage(0.25, 0, 1024));
            JsonNode shown = json(api.get("/api/runs/" + top.id()));
            assertEquals(top.id(), shown.get("id").asLong());
            assertEquals(1.75, shown.get("cpu_user").asDouble());
            assertEquals(2048, shown.get("mem_peak").asLong());
            JsonNode tree = shown.get("tree");
            assertEquals(List.of(0, 1, 2), List.of(tree.get(0).get("depth").asInt(), tree.get(1).get("depth").asInt(),
                    tree.get(2).get("depth").asInt()));
            assertEquals("failure", tree.get(1).get("status").asText());
            assertEquals(2, tree.get(1).get("exit_code").asInt());
            assertEquals(404, api.get("/api/runs/999").statusCode());
            assertEquals("run number must be a positive whole number, not 'abc'",
                    json(api.get("/api/runs/abc")).get("error").asText());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void waitLongPollsUntilTheRunEnds(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            Run run = startHello(api);
            Thread.ofVirtual().start(() -> {
                sleep(300);
                api.control.end(run.id(), RunStatus.SUCCESS, 0, Usage.NONE);
            });
            long began = System.nanoTime();
            JsonNode shown = json(api.get("/api/runs/" + run.id() + "?wait=10"));
            assertEquals("success", shown.get("status").asText());
            assertTrue(System.nanoTime() - began < 5_000_000_000L, "answered as soon as the run ended");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void actionsGoToTheEngineAndConflictsAre409(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            Run run = startHello(api);
            HttpResponse<String> approve = api.send("POST", "/api/runs/" + run.id() + "/approve", "{\"approve\": true}");
            assertEquals(409, approve.statusCode());
            assertEquals("run #" + run.id() + " is not waiting for approval", json(approve).get("error").asText());
            assertEquals("approve: expected true or false",
                    json(api.send("POST", "/api/runs/" + run.id() + "/approve", "{\"approve\": \"yes\"}")).get("error").asText());

            api.db.runs().markWaiting(run.id(), WaitingFor.APPROVAL, null);
            HttpResponse<String> rejected = api.send("POST", "/api/runs/" + run.id() + "/approve",
                    "{\"approve\": false, \"message\": \"not today\"}");
            assertEquals(200, rejected.statusCode(), rejected.body());
            assertEquals(new FakeRunControl.Call("reject", run.id(), "not today", "user:admin"), api.control.calls.getLast());

            assertEquals(409, api.send("POST", "/api/runs/" + run.id() + "/answer", "{\"value\": \"1\"}").statusCode());
            Run let = api.control.child(run, "let");
            api.db.runs().markWaiting(let.id(), WaitingFor.ANSWER, null);
            HttpResponse<String> answered = api.send("POST", "/api/runs/" + run.id() + "/answer", "{\"value\": \"42\"}");
            assertEquals(200, answered.statusCode(), answered.body());
            assertEquals(new FakeRunControl.Call("answer", let.id(), "42", "user:admin"), api.control.calls.getLast(),
                    "the top run's only waiting let gets the answer");
            assertEquals("{\"cancelled\":true}", api.send("POST", "/api/runs/" + run.id() + "/cancel", null).body());
            assertEquals("{\"cancelled\":false}", api.send("POST", "/api/runs/" + run.id() + "/cancel", null).body());
            assertEquals(404, api.send("POST", "/api/runs/999/cancel", null).statusCode());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void logsComeInPagesOrAsOneTabSeparatedStream(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            Run run = startHello(api);
            Run child = api.control.child(run, "exec");
            TestLogLines.append(api, run.id(), child.id(), 1, 2500);
            JsonNode first = json(api.get("/api/runs/" + run.id() + "/logs"));
            assertEquals(1000, first.get("lines").size());
            assertEquals(1000, first.get("last_seq").asLong());
            assertEquals(false, first.get("finished").asBoolean());
            JsonNode line = first.get("lines").get(1);
            assertEquals(List.of(child.id(), 2L, "stdout", "line 2"), List.of(line.get("run").asLong(),
                    line.get("seq").asLong(), line.get("stream").asText(), line.get("text").asText()));

            api.control.end(run.id(), RunStatus.SUCCESS, 0, Usage.NONE);
            JsonNode last = json(api.get("/api/runs/" + run.id() + "/logs?after=2000&limit=1000"));
            assertEquals(500, last.get("lines").size());
            assertEquals(true, last.get("finished").asBoolean());
            assertEquals(1250, json(api.get("/api/runs/" + child.id() + "/logs?limit=10000")).get("lines").size());

            HttpResponse<String> tsv = api.send("GET", "/api/runs/" + run.id() + "/logs", null,
                    Map.of("Accept", "text/tab-separated-values"));
            String[] rows = tsv.body().split("\n");
            assertEquals(2500, rows.length);
            assertTrue(rows[1].matches(child.id() + "\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\tline 2"), rows[1]);
            assertEquals(400, api.get("/api/runs/" + run.id() + "/logs?limit=10001").statusCode());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void followingALogStreamsNewLinesUntilTheRunEnds(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            Run run = startHello(api);
            TestLogLines.append(api, run.id(), run.id(), 1, 3);
            Thread.ofVirtual().start(() -> {
                sleep(300);
                TestLogLines.append(api, run.id(), run.id(), 4, 2);
                api.control.linesStored(run.id(), 5);
                sleep(300);
                api.control.end(run.id(), RunStatus.SUCCESS, 0, Usage.NONE);
            });
            String body = api.get("/api/runs/" + run.id() + "/log.txt?prefix=run-time&follow=true").body();
            assertEquals(5, body.split("\n").length, body);
            assertTrue(body.endsWith("\tline 5\n"), body);
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void secretsAreSetAndRemovedByValidNames(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            api.send("PUT", "/api/programs/owner%2Frepo", HELLO);
            assertEquals(204, api.send("PUT", "/api/programs/owner%2Frepo/secrets/API_TOKEN", "s3cret").statusCode());
            assertEquals(Map.of("API_TOKEN", "s3cret"), api.db.secrets().of("owner/repo"));
            HttpResponse<String> badName = api.send("PUT", "/api/programs/owner%2Frepo/secrets/1X", "v");
            assertEquals(400, badName.statusCode());
            assertTrue(json(badName).get("error").asText().startsWith("secret name '1X' is not a valid"));
            assertEquals(404, api.send("PUT", "/api/programs/nope/secrets/X", "v").statusCode());
            assertEquals(204, api.send("DELETE", "/api/programs/owner%2Frepo/secrets/API_TOKEN", null).statusCode());
            assertEquals(404, api.send("DELETE", "/api/programs/owner%2Frepo/secrets/API_TOKEN", null).statusCode());
            assertEquals(Map.of(), api.db.secrets().of("owner/repo"));
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void healthAndMetricsNeedNoToken(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            Map<String, String> noToken = Map.of("Authorization", "");
            HttpResponse<String> health = api.send("GET", "/health", null, noToken);
            assertEquals(200, health.statusCode());
            assertEquals("up", json(health).get("status").asText());
            assertEquals("up", json(health).get("database").asText());
            assertTrue(json(health).get("disk_free_bytes").asLong() > 0);

            Run run = startHello(api);
            TestLogLines.append(api, run.id(), run.id(), 1, 7);
            HttpResponse<String> metrics = api.send("GET", "/metrics", null, noToken);
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            for (String sample : List.of("lurch_runs_started_total 3", "lurch_runs_finished_total{status=\"failure\"} 1",
                    "lurch_runs_finished_total{status=\"success\"} 2", "lurch_processes_running 1",
                    "lurch_process_queue_length 4", "lurch_log_lines_stored 7")) {
                assertTrue(metrics.body().contains("\n" + sample + "\n"), sample + " missing in\n" + metrics.body());
            }
        }
    }

    private static List<String> names(ApiTestServer api) throws Exception {
        List<String> names = new ArrayList<>();
        json(api.get("/api/programs")).forEach(p -> names.add(p.get("name").asText()));
        return names;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void whileTheDatabaseDoesNotAnswerHealthSaysSoAndChangesAreRefusedNot2xx(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            api.databaseUp.set(false);
            HttpResponse<String> health = api.send("GET", "/health", null, Map.of("Authorization", ""));
            assertEquals(503, health.statusCode());
            assertEquals("down", json(health).get("database").asText());
            assertEquals("the database does not answer", json(health).get("reason").asText());
            HttpResponse<String> start = api.send("POST", "/api/programs/hello/runs", "{}", Map.of());
            assertEquals(503, start.statusCode());
            assertEquals("Lurch takes no changes now: the database does not answer", json(start).get("error").asText());
            assertEquals(200, api.send("GET", "/api/runs", null, Map.of()).statusCode(), "reading goes on");

            api.databaseUp.set(true);
            assertEquals(200, api.send("GET", "/health", null, Map.of("Authorization", "")).statusCode());
            assertEquals(200, api.send("PUT", "/api/programs/hello", "(no-op 0)", Map.of()).statusCode());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aFailedStoreIsReportedWithItsCauseAndRefusesChangesUntilRestart(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            api.failure.set(Optional.of("the H2 database failed (panic)"));
            HttpResponse<String> health = api.send("GET", "/health", null, Map.of("Authorization", ""));
            assertEquals(503, health.statusCode());
            assertEquals("the H2 database failed (panic); restart Lurch once its cause is fixed",
                    json(health).get("reason").asText());
            HttpResponse<String> put = api.send("PUT", "/api/programs/hello", "(no-op 0)", Map.of());
            assertEquals(503, put.statusCode());
            assertTrue(json(put).get("error").asText().startsWith("Lurch takes no changes now: the H2 database failed"));
            assertTrue(api.db.programs().latest("hello").isEmpty(), "nothing was stored");
        }
    }

    /** /health writes its JSON by hand (it keeps Jackson out of a start): any reason still comes out as valid JSON. */
    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aReasonHoldingQuotesBackslashesAndControlCharactersIsValidJson(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            String cause = "a \"quoted\" C:\\path\nnext line\ttab\u0001 é ✓";
            api.failure.set(Optional.of(cause));
            HttpResponse<String> health = api.send("GET", "/health", null, Map.of("Authorization", ""));
            assertEquals(503, health.statusCode());
            assertEquals("application/json", health.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            assertEquals("down", json(health).get("status").asText());
            assertEquals(cause + "; restart Lurch once its cause is fixed", json(health).get("reason").asText());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void belowTheMinimumFreeSpaceHealthNamesItAndChangesAreRefused(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind, Long.MAX_VALUE)) {
            HttpResponse<String> health = api.send("GET", "/health", null, Map.of("Authorization", ""));
            assertEquals(503, health.statusCode());
            assertEquals("up", json(health).get("database").asText());
            String reason = json(health).get("reason").asText();
            assertTrue(reason.startsWith("only ") && reason.contains(" free under " + api.home)
                    && reason.contains(", less than LURCH_MIN_FREE_BYTES ("), reason);
            assertEquals(503, api.send("POST", "/api/programs/hello/runs", "{}", Map.of()).statusCode());
        }
    }
}
