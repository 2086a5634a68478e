package lurch.db;

import com.zaxxer.hikari.HikariDataSource;
import lurch.db.jdbi.ConnectionPools;
import lurch.db.jdbi.JdbiArtifactStore;
import lurch.db.jdbi.H2Events;
import lurch.db.jdbi.H2Housekeeping;
import lurch.db.jdbi.JdbiDeliveryStore;
import lurch.db.jdbi.JdbiLogStore;
import lurch.db.jdbi.JdbiNotificationStore;
import lurch.db.jdbi.JdbiProgramStore;
import lurch.db.jdbi.JdbiPromptStore;
import lurch.db.jdbi.JdbiRepoStore;
import lurch.db.jdbi.JdbiRetentionStore;
import lurch.db.jdbi.JdbiRunHistory;
import lurch.db.jdbi.JdbiRunStore;
import lurch.db.jdbi.JdbiSecretStore;
import lurch.db.jdbi.JdbiScheduleStore;
import lurch.db.jdbi.JdbiSessionStore;
import lurch.db.jdbi.JdbiTimeoutStore;
import lurch.db.jdbi.JdbiTokenStore;
import lurch.db.jdbi.JdbiUserStore;
import lurch.db.jdbi.JdbiWorkerStore;
import lurch.db.jdbi.JdbiWorkQueue;
import lurch.db.jdbi.Migrations;
import lurch.db.jdbi.StoreFailures;
import lurch.db.jdbi.TimeMapping;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The storage of one Lurch server: opens (and migrates) an embedded H2 or a PostgreSQL database and hands out
 * its stores. Thread-safe; close it once at shutdown.
 */
public final class Database implements AutoCloseable {

    private final String kind;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final ProgramStore programs;
    private final RunStore runs;
    private final LogStore logs;
    private final PromptStore prompts;
    private final SecretStore secrets;
    private final TokenStore tokens;
    private final RepoStore repos;
    private final JdbiDeliveryStore deliveries;
    private final UserStore users;
    private final SessionStore sessions;
    private final RunHistory history;
    private final ScheduleStore schedules;
    private final TimeoutStore timeouts;
    private final ArtifactStore artifacts;
    private final RetentionStore retention;
    private final NotificationStore notifications;
    private final WorkerStore workers;
    private final WorkQueue workQueue;
    private final StoreFailures failures;
    private Optional<H2Housekeeping> housekeeping = Optional.empty();

    private final String url;

    private Database(String kind, String url, StoreFailures failures, HikariDataSource pool) {
        this.kind = kind;
        this.url = url;
        this.pool = pool;
        this.failures = failures;
        this.jdbi = TimeMapping.install(Jdbi.create(pool));
        jdbi.setSqlLogger(failures);
        this.programs = new JdbiProgramStore(jdbi);
        this.runs = new JdbiRunStore(jdbi, kind.equals("postgresql"));
        this.logs = new JdbiLogStore(jdbi);
        this.prompts = new JdbiPromptStore(jdbi);
        this.secrets = new JdbiSecretStore(jdbi);
        this.tokens = new JdbiTokenStore(jdbi);
        this.repos = new JdbiRepoStore(jdbi);
        this.deliveries = new JdbiDeliveryStore(jdbi);
        this.users = new JdbiUserStore(jdbi);
        this.sessions = new JdbiSessionStore(jdbi);
        this.history = new JdbiRunHistory(jdbi);
        this.schedules = new JdbiScheduleStore(jdbi);
        this.timeouts = new JdbiTimeoutStore(jdbi);
        this.artifacts = new JdbiArtifactStore(jdbi);
        this.retention = new JdbiRetentionStore(jdbi);
        this.notifications = new JdbiNotificationStore(jdbi);
        this.workers = new JdbiWorkerStore(jdbi);
        this.workQueue = new JdbiWorkQueue(jdbi);
    }

    /**
     * Connects to {@code jdbcUrl} ("jdbc:h2:..." or "jdbc:postgresql:..."), brings its schema up to date and
     * returns the open database.
     *
     * @throws IllegalArgumentException when the URL names neither H2 nor PostgreSQL
     * @throws DatabaseException when the database cannot be reached or migrated
     */
    public static Database open(String jdbcUrl, String user, String password) {
        String kind = kindOf(jdbcUrl);
        String url = kind.equals("postgresql") ? ConnectionPools.withStringTypeUnspecified(jdbcUrl) : jdbcUrl;
        // The pool first: its connections keep an embedded H2 database open, so the migration's own
        // connection neither opens it nor, when it closes, shuts it down again (150 ms of every start).
        StoreFailures failures = new StoreFailures(kind.equals("h2"));
        if (kind.equals("h2")) {
            url += url.contains("DATABASE_EVENT_LISTENER") ? "" : H2Events.URL_SETTING;
            H2Events.watch(url, failures);
        }
        Database db = new Database(kind, url, failures, ConnectionPools.create(url, user, password));
        try {
            Migrations.run(url, user, password);
            if (kind.equals("h2")) {
                db.housekeeping = H2Housekeeping.start(db.pool);
            }
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /**
     * The default embedded database: a file DB under {@code dbDir}, in PostgreSQL mode, used by this process
     * only (no AUTO_SERVER), closed by {@link #close()} rather than by a JVM shutdown hook. Each connection
     * keeps the parsed form of every statement Lurch uses (H2 keeps 8 by default, and parsing was a tenth
     * of the server's CPU per run). The page cache is H2's default 16 MiB: with 64 MiB, the pages each commit
     * writes stayed cached long enough to survive young collections into the old generation (the collections of
     * an exec step took twice as long; W3's peak RSS was 40 MiB higher). {@code WRITE_DELAY=0}: each commit is
     * written to the file before it returns (H2's default keeps commits in memory for up to 500 ms, and a kill -9
     * then lost deliveries that had been answered 202); they survive a crash of the process, not of the machine.
     */
    public static String h2Url(Path dbDir) {
        return "jdbc:h2:file:" + dbDir.toAbsolutePath().resolve("lurch")
                + ";MODE=PostgreSQL;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE"
                + ";LOCK_TIMEOUT=10000;CACHE_SIZE=16384;QUERY_CACHE_SIZE=256;WRITE_DELAY=0";
    }

    private static String kindOf(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) return "h2";
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return "postgresql";
        throw new IllegalArgumentException("unsupported database URL '" + jdbcUrl
                + "': expected jdbc:h2:... or jdbc:postgresql:...");
    }

    public ProgramStore programs() { return programs; }

    public RunStore runs() { return runs; }

    public LogStore logs() { return logs; }

    public PromptStore prompts() { return prompts; }

    public SecretStore secrets() { return secrets; }

    public TokenStore tokens() { return tokens; }

    public RepoStore repos() { return repos; }

    public DeliveryStore deliveries() { return deliveries; }

    public NotificationStore notifications() { return notifications; }
    public UserStore users() { return users; }

    public SessionStore sessions() { return sessions; }

    public RunHistory history() { return history; }

    public ScheduleStore schedules() { return schedules; }

    public WorkerStore workers() { return workers; }

    /** The queue between a server and its workers (PostgreSQL only). */
    public WorkQueue workQueue() { return workQueue; }

    public TimeoutStore timeouts() { return timeouts; }
    public ArtifactStore artifacts() { return artifacts; }

    public RetentionStore retention() { return retention; }

    /** "h2" or "postgresql". */
    public String kind() { return kind; }

    /** True when the database answers a trivial query and has not failed for good (see {@link #failure()}). */
    public boolean ping() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1
                    && failure().isEmpty();
        } catch (RuntimeException e) {
            failures.seen(e);
            return false;
        }
    }

    /**
     * Why this database can no longer be trusted with a write until the server restarts (an embedded H2 store
     * that panicked, ran out of disk or memory, or was closed), or empty. A PostgreSQL outage is not one:
     * {@link #ping()} tells when it ends.
     */
    public Optional<String> failure() {
        return failures.failure();
    }

    /**
     * True when {@code error} says the database could not be reached (a connection refused, lost or not
     * available in time; PostgreSQL shutting down), so the same work may succeed once it is back; false for
     * errors of the work itself and for an H2 store that failed (see {@link #failure()}).
     */
    public static boolean isOutage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLRecoverableException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        housekeeping.ifPresent(H2Housekeeping::stop);
        failures.closing();
        deliveries.close();
        pool.close();
        H2Events.forget(url);
    }
}
