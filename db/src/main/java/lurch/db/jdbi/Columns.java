package lurch.db.jdbi;

import lurch.db.RunStatus;
import lurch.db.WaitingFor;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Reading nullable and enum columns in row mappers. */
final class Columns {

    private Columns() {}

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static RunStatus status(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : RunStatus.ofDbName(value);
    }

    static WaitingFor waitingFor(ResultSet rs, String column) throws SQLException {
        return WaitingFor.ofDbName(rs.getString(column));
    }
}
