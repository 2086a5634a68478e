package lurch.db.jdbi;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.api.DatabaseEventListener;

/**
 * H2's own report of what happens to an embedded database (named in its URL as DATABASE_EVENT_LISTENER): every
 * exception it throws, a panicked store's included, and its closing. H2 makes one per database and knows only
 * the URL, so the {@link StoreFailures} of each database is found by its file.
 */
public final class H2Events implements DatabaseEventListener {
    private static final Map<String, StoreFailures> BY_FILE = new ConcurrentHashMap<>();
    private StoreFailures failures;

    /** The URL setting that makes H2 report to this class. */
    public static final String URL_SETTING = ";DATABASE_EVENT_LISTENER='" + H2Events.class.getName() + "'";

    /** From now on, H2's events about the database of {@code url} go to {@code failures}. */
    public static void watch(String url, StoreFailures failures) {
        BY_FILE.put(fileOf(url), failures);
    }

    /** Stops watching the database of {@code url}, closed on purpose. */
    public static void forget(String url) {
        BY_FILE.remove(fileOf(url));
    }

    private static String fileOf(String url) {
        int end = url.indexOf(';');
        return end < 0 ? url : url.substring(0, end);
    }

    @Override
    public void init(String url) {
        failures = BY_FILE.get(fileOf(url));
    }

    @Override
    public void exceptionThrown(SQLException e, String sql) {
        if (failures != null) {
            failures.seen(e);
        }
    }

    @Override
    public void closingDatabase() {
        if (failures != null) {
            failures.closedUnderLurch();
        }
    }
}
