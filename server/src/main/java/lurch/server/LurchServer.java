package lurch.server;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.Database;
import lurch.isolation.IsolationConfig;
import lurch.isolation.Isolator;
import lurch.isolation.Isolators;
import lurch.server.api.ApiContext;
import lurch.server.api.ApiRoutes;
import lurch.server.api.CliToken;
import lurch.server.api.HttpListener;
import lurch.server.artifacts.ArtifactPaths;
import lurch.server.artifacts.StoredArtifacts;
import lurch.server.engine.Engine;
import lurch.server.engine.EngineSettings;
import lurch.server.engine.Reruns;
import lurch.server.engine.Stores;
import lurch.server.git.GitIntegration;
import lurch.server.retention.Retention;
import lurch.server.schedule.Scheduler;
import lurch.server.notify.Notifications;
import lurch.hooks.status.RetryPolicy;
import lurch.server.health.ServerHealth;
import lurch.server.web.Accounts;
import lurch.server.web.StoredForgeActivity;
import lurch.server.web.WebContext;
import lurch.server.web.WebRoutes;
import lurch.server.worker.WorkerExecutor;

/**
 * A running Lurch: database (migrated), isolation, engine (resumed), HTTP server. Only wiring:
 * each part takes its dependencies in its constructor.
 */
public final class LurchServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LurchServer.class.getName());
    /** How long a stopping server waits for its isolates to be torn down, then for the output still waiting to be
     * stored: twice this stays within the 30 s a stop may take. */
    private static final Duration LOG_PATIENCE_AT_STOP = Duration.ofSeconds(10);
    private final Database db;
    private final ServerHealth health;
    private final Isolator isolator;
    private final Engine engine;
    private final Scheduler scheduler;
    private final GitIntegration git;
    private final WebServer web;
    private final Retention retention;
    private final Optional<String> firstAdminPassword;
    /** Retention's first collection, after the start's own work is done. */
    private static final Duration RETENTION_FIRST_DELAY = Duration.ofMinutes(5);

    private LurchServer(Database db, ServerHealth health, Isolator isolator, Engine engine, Scheduler scheduler,
                        GitIntegration git, WebServer web, Retention retention, Optional<String> firstAdminPassword) {
        this.health = health;
        this.retention = retention;
        this.db = db;
        this.isolator = isolator;
        this.engine = engine;
        this.scheduler = scheduler;
        this.git = git;
        this.web = web;
        this.firstAdminPassword = firstAdminPassword;
    }

    public static LurchServer start(Config config) {
        Path home = config.home();
        createHome(home);
        String url = config.dbUrl() != null ? config.dbUrl() : Database.h2Url(home.resolve("db"));
        if (!config.localIsolates()) {
            WorkerExecutor.checkDatabase(url);
        }
        HttpListener.checkFree(config.bind(), config.port()); // before anything resumes: see checkFree
        Database db = Database.open(url, config.dbUser(), config.dbPassword());
        ServerHealth health = ServerHealth.watching(db, home, config.minFreeBytes());
        Isolator isolator = Isolators.create(IsolationConfig.fromEnvironment(home, config.values()));
        Clock zoned = Clock.system(config.timeZone());
        Engine engine = new Engine(new Stores(db.programs(), db.runs(), db.logs(), db.prompts(), db.secrets(),
                db.timeouts(), db.artifacts()), new EngineSettings(home, zoned, config.maxProcesses(),
                config.spawnRateLimit(), config.runTimeout(), config.artifactLimit()), health,
                config.localIsolates() ? Engine.local(isolator)
                        : WorkerExecutor.on(db, url, config.dbUser(), config.dbPassword(), config.workerLease()));
        engine.resume();
        Scheduler scheduler = new Scheduler(db.schedules(), engine, zoned);
        try {
            CliToken.ensure(home, db.tokens());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + home.resolve(CliToken.FILE), e);
        }
        GitIntegration git = new GitIntegration(home, db.repos(), db.deliveries(), db.programs(), db.runs(), engine,
                config.forgeApiUrls(), config.publicUrl(),
                config.hookMaxBytes());
        StoredArtifacts artifacts = new StoredArtifacts(new ArtifactPaths(home), db.artifacts());
        Reruns reruns = new Reruns(db.programs(), db.runs(), db.prompts(), engine, git::checkoutAgain);
        Retention retention = new Retention(db.retention(), new ArtifactPaths(home), zoned,
                config.retention(), git::collectMirrorGarbage);
        retention.startHourly(RETENTION_FIRST_DELAY);
        Clock clock = Clock.systemUTC();
        Accounts accounts = new Accounts(db.users(), db.sessions(), clock);
        ApiContext api = new ApiContext(db.programs(), db.runs(), db.logs(), db.prompts(), db.secrets(), db.tokens(),
                accounts, engine, engine, health, scheduler, db.timeouts(), artifacts, reruns, retention, db.workers());
        Notifications notifications = new Notifications(db.notifications(), db.runs(), engine, config.publicUrl(),
                RetryPolicy.standard());
        Optional<String> firstAdminPassword = accounts.ensureFirstAdmin();
        WebContext pages = new WebContext(db.programs(), db.runs(), db.logs(), db.prompts(), db.history(), db.users(),
                db.sessions(), engine, new StoredForgeActivity(db.repos(), db.deliveries()), config.publicView(), config.secureCookies(), clock,
                scheduler, db.timeouts(), artifacts, reruns, db.workers());
        WebServer web = HttpListener.on(config.bind(), config.port())
                .routing(routing -> {
                    ApiRoutes.register(routing, api);
                    git.register(routing);
                    notifications.register(routing);
                    WebRoutes.register(routing, pages);
                })
                .build()
                .start();
        LurchServer server = new LurchServer(db, health, isolator, engine, scheduler, git, web, retention,
                firstAdminPassword);
        if (!web.isRunning()) { // Helidon logs why and returns
            server.close();
            throw HttpListener.cannotListen(config.bind(), config.port(), null);
        }
        scheduler.start(); // after resume: a start missed while no server ran happens now, once
        return server;
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

    /** The password of the web user {@code admin} when this start made it (a database without users). */
    public Optional<String> firstAdminPassword() {
        return firstAdminPassword;
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
        scheduler.close();
        retention.close();
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
