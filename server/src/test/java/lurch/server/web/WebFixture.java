package lurch.server.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lurch.db.Database;
import lurch.interpreter.Programs;
import lurch.server.Config;
import lurch.server.LurchServer;

/** A real server on port 0 with a temporary LURCH_HOME, a fresh H2 database and one web user "ann". */
final class WebFixture implements AutoCloseable {
    static final String USER = "ann";
    static final String PASSWORD = "correct horse battery";

    final Path home;
    final LurchServer server;
    final String base;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    WebFixture() throws IOException {
        home = Files.createTempDirectory("lurch-web-test-");
        try (Database db = Database.open(Database.h2Url(home.resolve("db")), "", "")) {
            new Accounts(db.users(), db.sessions(), Clock.systemUTC()).put(USER, PASSWORD);
        }
        server = LurchServer.start(Config.of(Map.of("LURCH_HOME", home.toString(), "LURCH_PORT", "0"), Map.of()));
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
        HttpResponse<String> res = post("/login", null, "name=" + USER + "&password=" + PASSWORD.replace(' ', '+'));
        String setCookie = res.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
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
    }
}
