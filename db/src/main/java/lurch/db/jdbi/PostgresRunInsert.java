package lurch.db.jdbi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import lurch.db.NewRun;
import lurch.db.jdbi.JdbiRunStore.Placement;
import lurch.db.jdbi.PlainStatements.Statement;
import org.jdbi.v3.core.Handle;

/**
 * A run's insert on PostgreSQL, with the changes that come with it (a step's end, its parent's progress), in one
 * statement of data-modifying parts: one round trip, which commits by itself. A step was five before (three
 * statements, the query that placed the new run, the commit), and W2's exec steps spent most of their database
 * time waiting for answers.
 */
final class PostgresRunInsert {

    /** The insert, which finds the new id and what it copies from version and parent itself; conditions may follow. */
    private static final String INSERT_SELECT = """
            INSERT INTO runs (id, parent_id, top_id, lineage, program_id, program_version_id, node_path, command, label,
                              creator, status, waiting_for, scope_json, created, started)
            SELECT n.id, parent.id, COALESCE(parent.top_id, n.id), COALESCE(parent.lineage, '/') || n.id || '/',
                   v.program_id, v.id, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),
                   CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TIMESTAMP WITH TIME ZONE),
                   CAST(? AS TIMESTAMP WITH TIME ZONE)
            FROM (SELECT nextval('run_ids') AS id) n
            JOIN program_versions v ON v.id = ?
            LEFT JOIN runs parent ON parent.id = ?
            WHERE (parent.id IS NOT NULL OR CAST(? AS BIGINT) IS NULL)""";

    private PostgresRunInsert() {}

    /**
     * Runs {@code first} and {@code then} (updates whose text ends in their WHERE clause; each may be null) and
     * inserts {@code run} with {@code values} (its columns from node_path to started) as data-modifying parts of
     * one statement, atomic by itself. {@code first} changes its row only if the run's version and parent exist,
     * the others only if {@code first} changed a row, so that a step refused for any reason leaves no trace; empty
     * when {@code first} changed no row.
     */
    static Optional<Placement> insert(Handle h, NewRun run, Object[] values, Statement first, Statement then) {
        StringBuilder sql = new StringBuilder("WITH ");
        List<Object> arguments = new ArrayList<>();
        String guard = "";
        if (first != null) {
            sql.append("step1 AS (").append(first.sql()).append("""
                     AND EXISTS (SELECT 1 FROM program_versions WHERE id = ?)
                     AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM runs WHERE id = ?)) RETURNING 1),
                    """);
            arguments.addAll(Arrays.asList(first.arguments()));
            arguments.addAll(Arrays.asList(run.programVersionId(), run.parentId(), run.parentId()));
            guard = " AND EXISTS (SELECT 1 FROM step1)";
        }
        if (then != null) {
            sql.append("step2 AS (").append(then.sql()).append(guard).append("),\n");
            arguments.addAll(Arrays.asList(then.arguments()));
        }
        sql.append("inserted AS (").append(INSERT_SELECT).append(guard).append("""
                 RETURNING id, top_id, lineage, program_id)
                SELECT i.id, i.top_id, i.lineage, i.program_id, p.name FROM inserted i JOIN programs p ON p.id = i.program_id""");
        arguments.addAll(Arrays.asList(values));
        arguments.addAll(Arrays.asList(run.programVersionId(), run.parentId(), run.parentId()));
        Optional<Placement> placed = PlainStatements.first(h, sql.toString(), rs -> new Placement(rs.getLong(1),
                rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(5)), arguments.toArray());
        if (placed.isEmpty()) {
            JdbiRunStore.place(h, run); // fails naming what is missing, if anything is; else first changed no row
        }
        return placed;
    }
}
