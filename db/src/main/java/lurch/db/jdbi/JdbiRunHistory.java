package lurch.db.jdbi;

import lurch.db.RunFigures;
import lurch.db.RunHistory;
import lurch.db.Usage;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * Recent top runs with their tree's usage summed in one query: the newest top runs come from the
 * (program_id, id) index, their trees from the top_id index, so the cost follows the limit, not the history.
 */
public final class JdbiRunHistory implements RunHistory {

    private final Jdbi jdbi;

    public JdbiRunHistory(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<RunFigures> recent(String program, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT t.id, t.status, t.creator, t.created, t.started, t.stopped, t.exit_code,
                               SUM(r.cpu_user_seconds) AS cpu_user, SUM(r.cpu_system_seconds) AS cpu_system,
                               MAX(r.memory_peak_bytes) AS memory_peak
                        FROM (SELECT top.* FROM runs top JOIN programs p ON p.id = top.program_id
                              WHERE p.name = :program AND top.parent_id IS NULL
                              ORDER BY top.id DESC LIMIT :limit) t
                        JOIN runs r ON r.top_id = t.id
                        GROUP BY t.id, t.status, t.creator, t.created, t.started, t.stopped, t.exit_code
                        ORDER BY t.id DESC""")
                .bind("program", program).bind("limit", limit)
                .map((rs, ctx) -> new RunFigures(rs.getLong("id"), Columns.status(rs, "status"),
                        rs.getString("creator"), Columns.instant(rs, "created"), Columns.instant(rs, "started"),
                        Columns.instant(rs, "stopped"), Columns.intOrNull(rs, "exit_code"),
                        new Usage(rs.getDouble("cpu_user"), rs.getDouble("cpu_system"), rs.getLong("memory_peak"))))
                .list());
    }
}
