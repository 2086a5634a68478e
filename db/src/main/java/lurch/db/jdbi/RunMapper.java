package lurch.db.jdbi;

import lurch.db.Run;
import lurch.db.Usage;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps a row of {@link #SELECT} to a {@link Run}. */
final class RunMapper implements RowMapper<Run> {

    static final String SELECT = """
            SELECT r.*, p.name AS program_name FROM runs r JOIN programs p ON p.id = r.program_id
            """;

    @Override
    public Run map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Run(rs.getLong("id"), Columns.longOrNull(rs, "parent_id"), rs.getLong("top_id"),
                rs.getString("lineage"), rs.getLong("program_version_id"), rs.getString("program_name"),
                rs.getString("node_path"), rs.getString("command"), rs.getString("label"), rs.getString("creator"),
                Columns.status(rs, "status"), Columns.waitingFor(rs, "waiting_for"), Columns.instant(rs, "wake_at"),
                rs.getInt("progress"), rs.getString("scope_json"), Columns.instant(rs, "created"),
                Columns.instant(rs, "started"), Columns.instant(rs, "stopped"), Columns.intOrNull(rs, "exit_code"),
                rs.getInt("break_levels"), new Usage(rs.getDouble("cpu_user_seconds"),
                        rs.getDouble("cpu_system_seconds"), rs.getLong("memory_peak_bytes")), rs.getString("worker"));
    }
}
