package lurch.db.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import lurch.db.DatabaseException;

/**
 * Connection pools. HikariCP for both databases: PostgreSQL needs a pool (a new connection costs milliseconds),
 * and one bounded, validated pool for H2 as well keeps a single code path.
 */
public final class ConnectionPools {

    /** Enough for the engine and concurrent web requests; requests beyond it wait for a connection. */
    private static final int MAX_CONNECTIONS = 10;

    private ConnectionPools() {}

    public static HikariDataSource create(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("lurch-db");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        // A fixed-size pool: an embedded H2 database closes when its last connection does.
        config.setMinimumIdle(MAX_CONNECTIONS);
        config.setConnectionTimeout(10_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseException("cannot connect to " + url + ": " + e.getMessage(), e);
        }
    }

    /** PostgreSQL needs stringtype=unspecified to bind Java strings to columns of other types (jsonb, ...). */
    public static String withStringTypeUnspecified(String url) {
        if (url.contains("stringtype=")) return url;
        return url + (url.contains("?") ? "&" : "?") + "stringtype=unspecified";
    }
}
