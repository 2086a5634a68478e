package lurch.server;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.Database;
import lurch.isolation.IsolationConfig;
import lurch.isolation.Isolator;
import lurch.isolation.Isolators;
import lurch.server.api.ApiContext;
import lurch.server.api.ApiRoutes;
import lurch.server.api.CliToken;
import lurch.server.engine.Engine;
import lurch.server.engine.EngineSettings;
import lurch.server.engine.Stores;
import lurch.server.git.GitIntegration;
import lurch.server.health.ServerHealth;
import lurch.server.web.Accounts;
import lurch.server.web.StoredForgeActivity;
import lurch.server.web.WebContext;
import lurch.server.web.WebRoutes;

/**
 * A running Lurch: database (migrated), isolation, engine (resumed), HTTP server. Only wiring:
 * each part takes its dependencies in its constructor.
 */
public final class LurchServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LurchServer.class.getName());
    /** How long a stopping server stores the output still waiting, within the 30 s a stop may take. */
    private static final Duration LOG_PATIENCE_AT_STOP = Duration.ofSeconds(15);
    private final Database db;
    private final ServerHealth health;
    private final Isolator isolator;
    private final Engine engine;
    private final GitIntegration git;
    private final WebServer web;

    private LurchServer(Database db, ServerHealth health, Isolator isolator, Engine engine, GitIntegration git,
                        WebServer web) {
        this.db = db;
        this.health = health;
        this.isolator = isolator;
        this.engine = engine;
        this.git = git;
        this.web = web;
    }

    public static LurchServer start(Config config) {
        Path home = config.home();
        createHome(home);
        String url = config.dbUrl() != null ? config.dbUrl() : Database.h2Url(home.resolve("db"));
        Database db = Database.open(url, config.dbUser(), config.dbPassword());
        ServerHealth health = ServerHealth.watching(db, home, config.minFreeBytes());
        Isolator isolator = Isolators.create(IsolationConfig.fromEnvironment(home, config.values()));
        Engine engine = new Engine(new Stores(db.programs(), db.runs(), db.logs(), db.prompts(), db.secrets()),
                isolator, new EngineSettings(home, Clock.systemDefaultZone(), config.maxProcesses(),
                config.spawnRateLimit()), health);
        engine.resume();
        try {
            CliToken.ensure(home, db.tokens());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + home.resolve(CliToken.FILE), e);
        }
        ApiContext api = new ApiContext(db.programs(), db.runs(), db.logs(), db.prompts(), db.secrets(), db.tokens(),
                engine, engine, health);
        GitIntegration git = new GitIntegration(home, db.repos(), db.deliveries(), db.programs(), db.runs(), engine,
                config.get("LURCH_GITHUB_API_URL", "https://api.github.com"),
                config.get("LURCH_GITLAB_API_URL", "https://gitlab.com/api/v4"), config.publicUrl(),
                config.hookMaxBytes());
        Clock clock = Clock.systemUTC();
        new Accounts(db.users(), db.sessions(), clock).ensureFirstAdmin(System.out);
        WebContext pages = new WebContext(db.programs(), db.runs(), db.logs(), db.prompts(), db.history(), db.users(),
                db.sessions(), engine, new StoredForgeActivity(db.repos(), db.deliveries()), config.publicView(), config.secureCookies(), clock);
        WebServer web = WebServer.builder()
                .host(config.bind())
                .port(config.port())
                .maxPayloadSize(26L << 20)
                .routing(routing -> {
                    ApiRoutes.register(routing, api);
                    git.register(routing);
                    WebRoutes.register(routing, pages);
                })
                .build()
                .start();
        return new LurchServer(db, health, isolator, engine, git, web);
    }

    private static void createHome(Path home) {
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create LURCH_HOME " + home, e);
        }
    }

    public int port() {
        return web.port();
    }

    public Engine engine() {
        return engine;
    }

    public Database database() {
        return db;
    }

    public ServerHealth health() {
        return health;
    }

    /**
     * Stops: no change is taken from now on (503), the engine stops stepping runs (the next start resumes
     * them) and stores the output that waits for at most {@link #LOG_PATIENCE_AT_STOP}, then the rest closes.
     */
    @Override
    public void close() {
        health.stopping();
        try {
            engine.close(LOG_PATIENCE_AT_STOP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "engine did not stop cleanly", e);
        }
        web.stop();
        git.close();
        isolator.close();
        health.close();
        db.close();
    }
}
