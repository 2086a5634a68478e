package lurch.db.jdbi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Frees the space of an embedded H2 database's old chunks while the server runs. H2 writes each commit as a new
 * chunk of the changed pages; a chunk is freed once none of its pages is live, and most keep one or two (an index
 * leaf no later commit touched again), so the file grew by every commit (~15-20 KB a run's step) and each commit's
 * search for free space in it grew slower. H2's background thread rewrites such chunks' live pages, but it runs only
 * when commits are written late ({@code WRITE_DELAY} above 0), and Lurch has each commit written before it returns.
 * So this does the same rewrite, a little at a time, through MVStore's public compaction; chunks younger than H2's
 * retention time (45 s) are left as they are.
 */
public final class H2Housekeeping {
    private static final Logger LOG = Logger.getLogger(H2Housekeeping.class.getName());
    private static final long PERIOD_MILLIS = 250;
    /** Chunks whose live part is under this percentage are rewritten. */
    private static final int TARGET_FILL_PERCENT = 90;
    /** About how many bytes of live pages one round rewrites: a few milliseconds under the store's lock. */
    private static final int BYTES_PER_ROUND = 1 << 20;
    /**
     * A rewrite writes before it frees: with less free space than this on the file's disk none is made, so that
     * housekeeping never takes the last of a disk that the runs' own last changes need (LURCH_MIN_FREE_BYTES).
     */
    private static final long MIN_FREE_BYTES = 64L << 20;

    private final MVStore store;
    private final Path file;
    private final Thread thread;
    /** Counted down to stop: never an interrupt, which would close the file under a rewrite (H2's store panics). */
    private final CountDownLatch stopping = new CountDownLatch(1);

    private H2Housekeeping(MVStore store) {
        this.store = store;
        this.file = Path.of(store.getFileStore().getFileName());
        this.thread = Thread.ofVirtual().name("lurch-h2-housekeeping").unstarted(this::run);
    }

    /**
     * Starts the housekeeping of the H2 database behind {@code pool}; none for a database in memory
     * ({@code jdbc:h2:mem:}), which has no file to keep small.
     */
    public static Optional<H2Housekeeping> start(DataSource pool) {
        try (Connection connection = pool.getConnection()) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            MVStore store = session.getDatabase().getStore().getMvStore();
            if (store.getFileStore() == null) {
                return Optional.empty();
            }
            H2Housekeeping housekeeping = new H2Housekeeping(store);
            housekeeping.thread.start();
            return Optional.of(housekeeping);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the H2 store: " + e.getMessage(), e);
        }
    }

    private void run() {
        long seenVersion = -1;
        try {
            while (!stopping.await(PERIOD_MILLIS, TimeUnit.MILLISECONDS)) {
                long version = store.getCurrentVersion();
                if (version != seenVersion && roomToRewrite()
                        && !store.compact(TARGET_FILL_PERCENT, BYTES_PER_ROUND)) {
                    seenVersion = version; // nothing to rewrite until something is committed again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a closed or panicked store: Lurch hears of it from H2's events (StoreFailures)
            LOG.log(Level.WARNING, "H2's housekeeping stopped: " + e.getMessage(), e);
        }
    }

    private boolean roomToRewrite() {
        try {
            return Files.getFileStore(file).getUsableSpace() >= MIN_FREE_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the housekeeping; call before the database closes. */
    public void stop() {
        stopping.countDown();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
