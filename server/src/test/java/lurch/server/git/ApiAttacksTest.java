package lurch.server.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import lurch.db.testing.TestDatabase;
import lurch.hooks.webhook.Forge;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The REST API against a caller who sends paths for refs, holds a token that should no longer work, or makes the
 * server fail in the hope of reading a library's error text.
 */
class ApiAttacksTest {
    private static final String REPO = "octo/hello";
    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void refsAndShasThatAreNotGitNamesAreRefusedBeforeTheyReachGit(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(REPO, Forge.GITHUB);
            f.repo.write(".lurch", "(no-op 0)\n").commit("first");
            String token = cliToken(f);
            for (String body : List.of("{\"ref\":\"../../../../etc/shadow\"}", "{\"ref\":\"refs/heads/../../x\"}",
                    "{\"ref\":\"main\\u0000\"}", "{\"sha\":\"../../etc/passwd\"}", "{\"sha\":\"HEAD~1\"}")) {
                HttpResponse<String> answer = send(f, token, "POST", "/api/repos/" + REPO + "/builds", body);
                assertEquals(400, answer.statusCode(), body + ": " + answer.body());
                String error = GitServerFixture.json(answer).path("error").asText();
                assertTrue(error.startsWith("ref: expected") || error.startsWith("sha: expected"), error);
                assertFalse(answer.body().contains("shadow") || answer.body().contains("passwd"), answer.body());
            }
            assertEquals(List.of(), f.db.deliveries().recent(null, 10), "nothing was built");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aRevokedTokenIsRefusedAtOnce(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            GitServerFixture.CliResult added = f.cli("token", "add", "laptop");
            assertEquals(0, added.code(), added.err());
            String laptop = added.out().trim();
            assertTrue(laptop.matches("[A-Za-z0-9_-]{43}"), added.out());
            assertEquals(200, send(f, laptop, "GET", "/api/programs", null).statusCode());
            assertEquals(200, send(f, laptop, "GET", "/api/programs", null).statusCode(), "now known from memory");

            String list = f.cli("token", "list").out();
            assertTrue(list.startsWith("# name\trole\tcreated\tlast used\n"), list);
            assertTrue(list.lines().anyMatch(line -> line.startsWith("laptop\tadmin\t") && !line.endsWith("n.a.")), list);
            assertTrue(list.lines().anyMatch(line -> line.startsWith("cli\t")), "the CLI's own token is listed");
            assertFalse(list.contains(laptop), "a token is shown once, when it is made");

            assertEquals("Token laptop revoked.\n", f.cli("token", "rm", "laptop").out());
            HttpResponse<String> refused = send(f, laptop, "GET", "/api/programs", null);
            assertEquals(401, refused.statusCode(), refused.body());
            assertEquals(1, f.cli("token", "rm", "laptop").code(), "a token is revoked once");
            assertEquals(0, f.cli("programs").code(), "the CLI's token keeps working");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aForcedInternalErrorAnswersAnIdAndNotTheExceptionText(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            List<LogRecord> logged = new CopyOnWriteArrayList<>();
            Handler capture = new Handler() {
                @Override public void publish(LogRecord record) { logged.add(record); }
                @Override public void flush() {}
                @Override public void close() {}
            };
            Logger apiLog = Logger.getLogger("lurch.server.api.ApiRoutes");
            apiLog.addHandler(capture);
            try (Connection sql = DriverManager.getConnection(f.fresh.url(), f.fresh.user(), f.fresh.password())) {
                sql.createStatement().execute("ALTER TABLE programs RENAME TO programs_gone");
                HttpResponse<String> answer = send(f, cliToken(f), "GET", "/api/programs", null);
                sql.createStatement().execute("ALTER TABLE programs_gone RENAME TO programs");

                assertEquals(500, answer.statusCode());
                String id = GitServerFixture.json(answer).path("error_id").asText();
                assertTrue(id.matches("[0-9a-f]{12}"), answer.body());
                assertTrue(GitServerFixture.json(answer).path("error").asText().startsWith("internal error " + id),
                        answer.body());
                assertFalse(answer.body().toLowerCase().contains("programs") || answer.body().contains("SELECT")
                        || answer.body().contains("Exception"), "no library text: " + answer.body());
                assertTrue(logged.stream().anyMatch(r -> r.getMessage().contains(id) && r.getThrown() != null),
                        "the server's log has the id with the details");
            } finally {
                apiLog.removeHandler(capture);
            }
        }
    }

    private HttpResponse<String> send(GitServerFixture f, String token, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(f.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cliToken(GitServerFixture f) throws Exception {
        return Files.readString(f.config.home().resolve("cli-token")).trim();
    }
}
