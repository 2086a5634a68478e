package lurch.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lurch.db.testing.FreshDatabase;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code lurch user add|list|rm} and {@code lurch token add --role} against a running server, and what a viewer
 * may do: read every page and GET API call, change nothing (403 with a sentence saying why).
 */
class UserAdministrationTest {

    private static final String PASSWORD = "viewer password 1";

    record Result(int code, String out, String err) {}

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void usersAreAdministeredThroughARunningServerAndViewersOnlyRead(TestDatabase kind) throws Exception {
        Path home = Files.createTempDirectory("lurch-users-test-");
        try (FreshDatabase fresh = kind.create()) {
            Map<String, String> env = env(home, fresh);
            try (LurchServer server = LurchServer.start(Config.of(env, Map.of("LURCH_PORT", "0")))) {
                String base = "http://127.0.0.1:" + server.port();
                env.put("LURCH_URL", base);

                Result added = lurch(env, PASSWORD + "\n", "user", "add", "bob", "--role", "viewer");
                assertEquals(new Result(0, "Added web user bob (viewer).\n", ""), added);
                assertEquals(new Result(0, "Changed the password of web user bob.\n", ""),
                        lurch(env, PASSWORD + "\n", "user", "add", "bob"), "a new password keeps the role");
                Result list = lurch(env, "", "user", "list");
                assertEquals(0, list.code(), list.err());
                assertTrue(list.out().startsWith("# user\trole\tcreated\n"), list.out());
                assertTrue(list.out().contains("\nadmin\tadmin\t"), "the first admin: " + list.out());
                assertTrue(list.out().contains("\nbob\tviewer\t"), list.out());
                Result shortPassword = lurch(env, "short\n", "user", "add", "carl");
                assertEquals(new Result(1, "", "lurch: password must have at least 8 characters\n"), shortPassword);
                assertEquals(2, lurch(env, "", "user", "add", "carl", "--role", "root").code());

                HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
                server.database().programs().saveVersion("hello", "(no-op 0)\n", "test");
                String cookie = login(http, base, "bob", PASSWORD);
                String programPage = get(http, base + "/programs/hello", cookie).body();
                assertTrue(programPage.contains("Viewers may not start runs."), programPage);
                for (String form : List.of("id=\"schedule-form\"", "id=\"timeout-form\"", "name=\"action\" value=\"start\"")) {
                    assertFalse(programPage.contains(form), "a viewer is not shown " + form);
                }
                String csrf = csrf(get(http, base + "/", cookie).body());
                HttpResponse<String> start = post(http, base + "/programs/hello", cookie,
                        "action=start&csrf=" + csrf);
                assertEquals(403, start.statusCode());
                assertTrue(start.body().contains("User &#39;bob&#39; is a viewer: viewers may read every page, but"
                        + " starting, editing, approving, answering and cancelling need an admin."), start.body());
                assertEquals(403, post(http, base + "/runs/1/cancel", cookie, "csrf=" + csrf).statusCode());
                assertEquals(403, post(http, base + "/runs/1/rerun", cookie, "csrf=" + csrf).statusCode());
                assertEquals(403, post(http, base + "/programs/hello", cookie,
                        "action=timeout&seconds=5&csrf=" + csrf).statusCode());
                assertEquals(0, server.database().runs().topRuns(null, 10).size(), "nothing was started");

                Result token = lurch(env, "", "token", "add", "dashboard", "--role", "viewer");
                assertEquals(0, token.code(), token.err());
                String viewerToken = token.out().trim();
                assertEquals(200, api(http, base, viewerToken, "GET", "/api/programs").statusCode());
                assertEquals(200, api(http, base, viewerToken, "GET", "/api/users").statusCode());
                for (String[] change : List.of(new String[] {"POST", "/api/programs/hello/runs"},
                        new String[] {"PUT", "/api/programs/hello"}, new String[] {"DELETE", "/api/users/bob"},
                        new String[] {"POST", "/api/tokens"}, new String[] {"POST", "/api/runs/1/cancel"})) {
                    HttpResponse<String> refused = api(http, base, viewerToken, change[0], change[1]);
                    assertEquals(403, refused.statusCode(), change[0] + " " + change[1]);
                    assertEquals("{\"error\":\"token 'dashboard' is a viewer token: it may read (GET) but not"
                            + " change anything\"}", refused.body());
                }
                assertTrue(lurch(env, "", "token", "list").out().contains("\ndashboard\tviewer\t"));

                assertEquals(new Result(0, "Removed web user bob.\n", ""), lurch(env, "", "user", "rm", "bob"));
                assertEquals(new Result(1, "", "lurch: no user named 'bob'\n"), lurch(env, "", "user", "rm", "bob"));
                assertFalse(get(http, base + "/", cookie).body().contains("name=\"csrf\""), "bob's session ended");
                assertEquals(new Result(1, "", "lurch: user 'admin' is the last admin and cannot be removed: make another"
                        + " user an admin first\n"), lurch(env, "", "user", "rm", "admin"));

                if (kind == TestDatabase.H2) {
                    // another process, as a user would run it, with no server answering at LURCH_URL
                    Map<String, String> elsewhere = new HashMap<>(env);
                    elsewhere.put("LURCH_URL", "http://127.0.0.1:" + LurchProcess.freePort());
                    Result held = lurchProcess(elsewhere, "user", "list");
                    assertEquals(1, held.code(), held.out() + held.err());
                    assertTrue(held.err().matches("lurch: the database is in use by a running server at jdbc:h2:\\S+;"
                            + " it does not answer at http://127.0.0.1:\\d+: set LURCH_URL to its address, or stop it\n"),
                            held.err());
                }
            }
            env.put("LURCH_URL", "http://127.0.0.1:" + LurchProcess.freePort());
            Result offline = lurch(env, PASSWORD + "\n", "user", "add", "dora", "--role", "viewer");
            assertEquals(new Result(0, "Added web user dora (viewer).\n", ""), offline);
            assertTrue(lurch(env, "", "user", "list").out().contains("\ndora\tviewer\t"));
        }
    }

    private static Map<String, String> env(Path home, FreshDatabase fresh) {
        Map<String, String> env = new HashMap<>();
        env.put("LURCH_HOME", home.toString());
        env.put("LURCH_DB_URL", fresh.url());
        env.put("LURCH_DB_USER", fresh.user());
        env.put("LURCH_DB_PASSWORD", fresh.password());
        return env;
    }

    private static Result lurch(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(List.of(args), env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code lurch ARGS} in a JVM of its own: the server's H2 database is then held by another process. */
    private static Result lurchProcess(Map<String, String> env, String... args) throws Exception {
        Path outputs = Files.createTempDirectory("lurch-users-process-");
        Process process = LurchProcess.start(env, outputs, args);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("lurch " + String.join(" ", args) + " did not end");
        }
        return new Result(process.exitValue(), Files.readString(outputs.resolve("out.txt")),
                Files.readString(outputs.resolve("err.txt")));
    }

    private static String login(HttpClient http, String base, String user, String password) throws Exception {
        HttpResponse<String> form = get(http, base + "/login", null);
        String formCookie = cookie(form, "lurch_login");
        HttpResponse<String> res = post(http, base + "/login", formCookie, "name=" + enc(user) + "&password="
                + enc(password) + "&csrf=" + csrf(form.body()));
        assertEquals(303, res.statusCode(), res.body());
        return cookie(res, "lurch_session");
    }

    private static String csrf(String page) {
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertTrue(token.find(), "no csrf field in " + page);
        return token.group(1);
    }

    private static String cookie(HttpResponse<?> res, String name) {
        return res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(HttpClient http, String url, String cookie) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url));
        if (cookie != null) {
            req.header("Cookie", cookie);
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, String url, String cookie, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> api(HttpClient http, String base, String token, String method, String path)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
