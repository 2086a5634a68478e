package lurch.server.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import lurch.db.LogLine;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.Usage;
import lurch.db.testing.LineBlocks;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code GET /api/runs/ID/log.txt}: a run tree's output as plain text, a million lines streamed in order. */
class LogTextTest {

    private static final int MILLION = 1_000_000;

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aMillionLinesArriveInOrderAsPlainTextAndWithTheRunBeforeEach(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            api.send("PUT", "/api/programs/hello", "(no-op 0)");
            Run run = api.control.start(api.control.latest("hello"), Map.of(), Map.of(), "user:test", null);
            Run child = api.control.child(run, "exec");
            storeMillionLines(api, run.id(), child.id());
            api.control.end(run.id(), RunStatus.SUCCESS, 0, Usage.NONE);

            HttpResponse<InputStream> plain = stream(api, "/api/runs/" + run.id() + "/log.txt");
            assertEquals(200, plain.statusCode());
            assertEquals("text/plain; charset=UTF-8", plain.headers().firstValue("Content-Type").orElse(""));
            assertFalse(plain.headers().firstValue("Content-Length").isPresent(), "streamed, not built whole first");
            assertLines(plain.body(), seq -> "line " + seq);

            HttpResponse<InputStream> prefixed = stream(api, "/api/runs/" + run.id() + "/log.txt?prefix=run");
            assertLines(prefixed.body(), seq -> (seq % 100_000 == 1 ? run.id() : child.id()) + "\tline " + seq);
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aSubRunHasItsOwnLinesAndBadRequestsAreNamed(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            api.send("PUT", "/api/programs/hello", "(no-op 0)");
            Run run = api.control.start(api.control.latest("hello"), Map.of(), Map.of(), "user:test", null);
            Run child = api.control.child(run, "exec");
            TestLogLines.append(api, run.id(), child.id(), 1, 4);
            assertEquals("line 2\nline 4\n", api.get("/api/runs/" + child.id() + "/log.txt").body());
            String withTime = api.get("/api/runs/" + run.id() + "/log.txt?prefix=run-time").body();
            assertTrue(withTime.matches("(\\d+\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\tline \\d\n){4}"), withTime);

            HttpResponse<String> badPrefix = api.get("/api/runs/" + run.id() + "/log.txt?prefix=time");
            assertEquals(400, badPrefix.statusCode());
            assertEquals("{\"error\":\"query parameter 'prefix' must be run or run-time, not 'time'\"}", badPrefix.body());
            assertEquals(404, api.get("/api/runs/999999/log.txt").statusCode());
            assertEquals(401, api.send("GET", "/api/runs/" + run.id() + "/log.txt", null,
                    Map.of("Authorization", "Bearer nope")).statusCode());
        }
    }

    /**
     * The bytes copied from the store are those of the former line by line path (decode a String, prefix it,
     * encode it) on tricky text, with three runs of a tree interleaved line by line, then in long stretches (copied
     * in one piece without a prefix) over several pages, for every prefix.
     */
    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void storedBytesGoOutAsTheLineByLineTextWould(TestDatabase kind) throws Exception {
        try (ApiTestServer api = new ApiTestServer(kind)) {
            api.send("PUT", "/api/programs/hello", "(no-op 0)");
            Run run = api.control.start(api.control.latest("hello"), Map.of(), Map.of(), "user:test", null);
            List<Run> tree = List.of(run, api.control.child(run, "exec"), api.control.child(run, "exec"));
            String[] texts = {"héllo ✓ 日本語 🚀", "", "tab\there\t", "cut in a char \uD83D", "\0\r", "plain "};
            Random random = new Random(11);
            Instant time = Instant.parse("2026-12-06T10:00:00.120Z");
            List<LogLine> lines = new ArrayList<>();
            Run writer = run;
            for (long seq = 1; seq <= 120_000; seq++) {
                time = time.plusMillis(random.nextInt(3));
                if (random.nextInt(seq < 60_000 ? 2 : 5_000) == 0) { // single lines, then long stretches of one run
                    writer = tree.get(random.nextInt(tree.size()));
                }
                lines.add(new LogLine(writer.id(), seq, time, LogLine.Stream.STDOUT,
                        texts[random.nextInt(texts.length)] + (seq % 3 == 0 ? "" : seq)));
            }
            for (int from = 0; from < lines.size(); from += 40_000) {
                api.db.logs().append(LineBlocks.of(lines.subList(from, from + 40_000)));
            }
            api.control.end(run.id(), RunStatus.SUCCESS, 0, Usage.NONE);

            DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
            Map<String, Function<LogLine, String>> prefixes = Map.of(
                    "", line -> "",
                    "?prefix=run", line -> line.runId() + "\t",
                    "?prefix=run-time", line -> line.runId() + "\t" + local.format(line.time()) + "\t");
            for (var prefix : prefixes.entrySet()) {
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                for (LogLine line : lines) {
                    expected.writeBytes(prefix.getValue().apply(line).getBytes(StandardCharsets.UTF_8));
                    expected.writeBytes(line.text().getBytes(StandardCharsets.UTF_8));
                    expected.write('\n');
                }
                byte[] body = stream(api, "/api/runs/" + run.id() + "/log.txt" + prefix.getKey()).body().readAllBytes();
                assertArrayEquals(expected.toByteArray(), body, "log.txt" + prefix.getKey());
            }
        }
    }

    /**
     * The top run's line first and every 100,000th, the child's between, stored in pages as the engine does: chunks
     * one after another in seq, which a log without a prefix copies whole.
     */
    private static void storeMillionLines(ApiTestServer api, long top, long child) {
        Instant time = Instant.parse("2026-12-06T00:00:00Z");
        for (int first = 1; first <= MILLION; first += 50_000) {
            List<LogLine> page = new ArrayList<>(50_000);
            for (long seq = first; seq < first + 50_000; seq++) {
                page.add(new LogLine(seq % 100_000 == 1 ? top : child, seq, time, LogLine.Stream.STDOUT, "line " + seq));
            }
            api.db.logs().append(LineBlocks.of(page));
        }
    }

    private static HttpResponse<InputStream> stream(ApiTestServer api, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.url() + path))
                .header("Authorization", "Bearer " + api.token).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static void assertLines(InputStream body, java.util.function.LongFunction<String> expected) throws Exception {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            long seq = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                seq++;
                if (!line.equals(expected.apply(seq))) {
                    assertEquals(expected.apply(seq), line, "line " + seq);
                }
            }
            assertEquals(MILLION, seq);
        }
    }
}
