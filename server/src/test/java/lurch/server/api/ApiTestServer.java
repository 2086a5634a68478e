package lurch.server.api;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import lurch.db.Database;
import lurch.server.health.ServerHealth;
import lurch.db.testing.FreshDatabase;
import lurch.db.testing.TestDatabase;
import lurch.server.artifacts.ArtifactPaths;
import lurch.server.artifacts.StoredArtifacts;
import lurch.server.engine.Reruns;
import lurch.server.schedule.Scheduler;
import lurch.server.engine.EngineMetrics;
import lurch.server.retention.Retention;
import lurch.server.web.Accounts;

/** The production API routing on a real Helidon server (port 0) over a fresh database and a fake engine. */
public final class ApiTestServer implements AutoCloseable {

    public final FreshDatabase fresh;
    public final Database db;
    public final FakeRunControl control;
    public final AtomicBoolean databaseUp = new AtomicBoolean(true);
    /** Why the database failed for good, as {@link Database#failure()} would say, or empty. */
    public final AtomicReference<Optional<String>> failure = new AtomicReference<>(Optional.empty());
    public final String token;
    public final Path home;
    private final WebServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    public ApiTestServer(TestDatabase kind) throws IOException {
        this(kind, 0);
    }

    /** A server whose health asks for {@code minFreeBytes} free under its home (LURCH_MIN_FREE_BYTES). */
    public ApiTestServer(TestDatabase kind, long minFreeBytes) throws IOException {
        fresh = kind.create();
        db = fresh.open();
        control = new FakeRunControl(db.programs(), db.runs());
        home = Files.createTempDirectory("lurch-api-test-");
        token = CliToken.ensure(home, db.tokens());
        ApiContext ctx = new ApiContext(db.programs(), db.runs(), db.logs(), db.prompts(), db.secrets(), db.tokens(),
                new Accounts(db.users(), db.sessions(), Clock.systemUTC()), control, METRICS,
                new ServerHealth(databaseUp::get, failure::get, home, minFreeBytes),
                new Scheduler(db.schedules(), control, Clock.systemDefaultZone()),
                db.timeouts(), new StoredArtifacts(new ArtifactPaths(home), db.artifacts()),
                new Reruns(db.programs(), db.runs(), db.prompts(), control, data -> Optional.empty()),
                new Retention(db.retention(), new ArtifactPaths(home), Clock.systemUTC(), new Retention.Settings(500, 90), List::of),
                db.workers());
        HttpRouting.Builder routing = HttpRouting.builder();
        ApiRoutes.register(routing, ctx);
        server = HttpListener.on("127.0.0.1", 0).routing(routing).build().start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, Map.of());
    }

    public HttpResponse<String> send(String method, String path, String body) {
        return send(method, path, body, Map.of());
    }

    public HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!headers.containsKey("Authorization")) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        db.close();
        fresh.close();
    }

    static final EngineMetrics METRICS = new EngineMetrics() {
        @Override
        public long runsStarted() {
            return 3;
        }

        @Override
        public Map<String, Long> runsFinished() {
            return Map.of("success", 2L, "failure", 1L);
        }

        @Override
        public int processesRunning() {
            return 1;
        }

        @Override
        public int processQueueLength() {
            return 4;
        }
    };
}
