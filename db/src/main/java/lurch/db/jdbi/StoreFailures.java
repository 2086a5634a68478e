package lurch.db.jdbi;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Remembers the first failure after which an embedded H2 database can no longer be trusted (its store
 * panicked, ran out of memory or disk, or was closed under Lurch): from then on every commit may be lost, even
 * when a new connection seems to work again, because it reopens the file behind the failed store. Such a
 * failure lasts until the server restarts. PostgreSQL has none: a lost connection is an outage that ends when
 * the server answers again (see the database's ping).
 */
public final class StoreFailures implements SqlLogger {
    private static final Logger LOG = Logger.getLogger(StoreFailures.class.getName());

    /**
     * H2's error codes (org.h2.api.ErrorCode) that mean the store itself failed: GENERAL_ERROR_1 (a panicked
     * MVStore), IO_EXCEPTION_1, IO_EXCEPTION_2, FILE_CORRUPTED_1, DATABASE_IS_CLOSED, NO_DISK_SPACE_AVAILABLE,
     * OUT_OF_MEMORY, DATABASE_CALLED_AT_SHUTDOWN.
     */
    private static final Set<Integer> H2_FATAL = Set.of(50000, 90028, 90031, 90030, 90098, 90100, 90108, 90121);

    private final boolean embedded;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean closing;

    /** {@code embedded}: true for H2, whose failures are for good. */
    public StoreFailures(boolean embedded) {
        this.embedded = embedded;
    }

    /** The first failure seen, as a sentence, or empty while the store is sound. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Looks at an exception from any use of the database and remembers it when it is fatal. */
    public void seen(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && embedded && H2_FATAL.contains(sql.getErrorCode())) {
                String sentence = "the H2 database failed (" + firstLine(sql.getMessage()) + ")";
                if (failure.compareAndSet(null, sentence)) {
                    LOG.log(Level.SEVERE, sentence + "; Lurch refuses changes until it is restarted", sql);
                }
                return;
            }
        }
    }

    /** The embedded database closed while Lurch still used it (H2's store does so when it panics). */
    public void closedUnderLurch() {
        if (embedded && !closing && failure.compareAndSet(null, "the H2 database was closed while in use")) {
            LOG.severe("the H2 database was closed while in use; Lurch refuses changes until it is restarted");
        }
    }

    /** Lurch closes the database itself now: its closing is no failure. */
    public void closing() {
        closing = true;
    }

    @Override
    public void logException(StatementContext context, SQLException ex) {
        seen(ex);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
