package lurch.db.jdbi;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Positional statements run on a handle's connection with JDBC itself, for the few that every exec of a program
 * runs (its run's insert, progress and end): JDBI's per-statement argument lookup and binding was a tenth of the
 * server's CPU per exec in W2's profile. Values bind as JDBI binds them ({@link TimeMapping} for instants);
 * failures come as JDBI's, and H2's fatal ones reach {@link StoreFailures} through {@link H2Events} all the same.
 */
final class PlainStatements {

    private PlainStatements() {}

    /** One row's columns, read from a result set. */
    interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** A statement and its arguments. */
    record Statement(String sql, Object... arguments) {}

    static int update(Handle h, Statement statement) {
        return update(h, statement.sql(), statement.arguments());
    }

    static int update(Handle h, String sql, Object... arguments) {
        try (PreparedStatement statement = prepared(h, sql, arguments)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    static <T> Optional<T> first(Handle h, String sql, RowReader<T> reader, Object... arguments) {
        try (PreparedStatement statement = prepared(h, sql, arguments); ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(reader.read(rows)) : Optional.empty();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private static PreparedStatement prepared(Handle h, String sql, Object... arguments) throws SQLException {
        PreparedStatement statement = h.getConnection().prepareStatement(sql);
        try {
            for (int i = 0; i < arguments.length; i++) {
                statement.setObject(i + 1, arguments[i] instanceof Instant instant
                        ? TimeMapping.stored(instant).atOffset(ZoneOffset.UTC) : arguments[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
