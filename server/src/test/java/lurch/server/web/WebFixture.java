package lurch.server.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lurch.db.Database;
import lurch.db.testing.FreshDatabase;
import lurch.db.testing.TestDatabase;
import lurch.interpreter.Programs;
import lurch.server.Config;
import lurch.server.LurchServer;

/**
 * A real server on port 0 with a temporary LURCH_HOME, a fresh database (H2 in its own home unless a
 * {@link TestDatabase} is given) and one web user "ann".
 */
final class WebFixture implements AutoCloseable {
    static final String USER = "ann";
    static final String PASSWORD = "correct horse battery";

    final Path home;
    private final FreshDatabase fresh;
    final LurchServer server;
    final String base;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    WebFixture() throws IOException {
        this(null, Map.of());
    }

    /** On a fresh database of {@code kind} (null: H2 in the home), with more configuration. */
    WebFixture(TestDatabase kind, Map<String, String> settings) throws IOException {
        home = Files.createTempDirectory("lurch-web-test-");
        fresh = kind == null ? null : kind.create();
        Map<String, String> config = new HashMap<>(settings);
        config.put("LURCH_HOME", home.toString());
        config.put("LURCH_PORT", "0");
        if (fresh != null) {
            config.put("LURCH_DB_URL", fresh.url());
            config.put("LURCH_DB_USER", fresh.user());
            config.put("LURCH_DB_PASSWORD", fresh.password());
        }
        try (Database db = fresh != null ? fresh.open() : Database.open(Database.h2Url(home.resolve("db")), "", "")) {
            new Accounts(db.users(), db.sessions(), Clock.systemUTC()).put(USER, PASSWORD, null);
        }
        server = LurchServer.start(Config.of(config, Map.of()));
        base = "http://127.0.0.1:" + server.port();
    }

    void program(String name, String source) {
        Programs.Parsed parsed = Programs.parse(source);
        if (!parsed.ok()) throw new IllegalArgumentException(parsed.diagnostics().toString());
        server.database().programs().saveVersion(name, Programs.print(parsed.program()), "test");
    }

    HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path));
        if (cookie != null) req.header("Cookie", cookie);
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) req.header("Cookie", cookie);
        return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in; returns the session cookie as a Cookie header value. */
    String login() throws Exception {
        HttpResponse<String> res = loginAs(USER, PASSWORD);
        if (res.statusCode() != 303) throw new AssertionError("login failed: " + res.statusCode() + " " + res.body());
        return cookie(res, WebAuth.COOKIE);
    }

    /** Fills in and submits the login form as a browser would: the form's token and its cookie go along. */
    HttpResponse<String> loginAs(String user, String password) throws Exception {
        HttpResponse<String> form = get("/login", null);
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
        if (!token.find()) throw new AssertionError("no token in the login form: " + form.body());
        return post("/login", cookie(form, LoginService.FORM_COOKIE), "name=" + enc(user) + "&password=" + enc(password)
                + "&csrf=" + token.group(1));
    }

    /** The {@code name=value} of the cookie {@code name} a response sets. */
    static String cookie(HttpResponse<?> res, String name) {
        return res.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + name + ": " + res.headers()));
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The CSRF token the forms of a page carry for this session. */
    String csrf(String cookie) throws Exception {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(get("/", cookie).body());
        if (!m.find()) throw new AssertionError("no csrf field on the dashboard");
        return m.group(1);
    }

    @Override
    public void close() {
        server.close();
        if (fresh != null) {
            fresh.close();
        }
    }
}
