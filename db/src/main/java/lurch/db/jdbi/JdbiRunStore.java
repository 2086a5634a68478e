package lurch.db.jdbi;

import lurch.db.NewRun;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.RunStore;
import lurch.db.Usage;
import lurch.db.WaitingFor;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs in table runs. The engine's calls (create, mark*, finish) are one or two statements each; the state
 * changes only apply to runs that have not ended, so a late event cannot revive a finished run.
 */
public final class JdbiRunStore implements RunStore {

    private static final String NOT_ENDED = " AND status NOT IN ('success', 'failure', 'cancelled')";
    private static final RunMapper RUN = new RunMapper();

    private final Jdbi jdbi;

    public JdbiRunStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What create learns in its first round trip: a new id and the facts it copies from version and parent. */
    private record Placement(long id, long programId, String programName, Long parentTopId, String parentLineage) {}

    @Override
    public Run create(NewRun run) {
        return insert(run, false);
    }

    @Override
    public Run create(NewRun run, Map<String, String> data) {
        return jdbi.inTransaction(h -> {
            Run row = insert(h, run, false);
            data.forEach((name, content) -> KeyValueRows.put(h, "run_data", "top_id", row.id(), name, content));
            return row;
        });
    }

    @Override
    public Run createStarted(NewRun run) {
        return insert(run, true);
    }

    @Override
    public Run createStarted(NewRun run, int parentProgress) {
        return jdbi.inTransaction(h -> {
            saveProgress(h, run.parentId(), parentProgress);
            return insert(h, run, true);
        });
    }

    @Override
    public Optional<Run> finishThenStart(long id, RunStatus status, Instant stopped, int exitCode, int breakLevels,
                                         Usage usage, NewRun next, int parentProgress) {
        return jdbi.inTransaction(h -> {
            if (!finish(h, id, status, stopped, exitCode, breakLevels, usage)) {
                return Optional.empty();
            }
            saveProgress(h, next.parentId(), parentProgress);
            return Optional.of(insert(h, next, true));
        });
    }

    private Run insert(NewRun run, boolean started) {
        return jdbi.withHandle(h -> insert(h, run, started));
    }

    private static Run insert(Handle h, NewRun run, boolean started) {
        Instant created = TimeMapping.stored(Instant.now());
        Placement at = place(h, run);
        long topId = run.parentId() == null ? at.id() : at.parentTopId();
        String lineage = (run.parentId() == null ? "/" : at.parentLineage()) + at.id() + "/";
        PlainStatements.update(h, """
                        INSERT INTO runs (id, parent_id, top_id, lineage, program_id, program_version_id, node_path,
                                          command, label, creator, status, waiting_for, scope_json, created, started)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                at.id(), run.parentId(), topId, lineage, at.programId(), run.programVersionId(), run.nodePath(),
                run.command(), run.label(), run.creator(), (started ? RunStatus.RUNNING : RunStatus.WAITING).dbName(),
                started ? null : WaitingFor.START.dbName(), run.scopeJson(), created, started ? created : null);
        return new Run(at.id(), run.parentId(), topId, lineage, run.programVersionId(), at.programName(),
                run.nodePath(), run.command(), run.label(), run.creator(),
                started ? RunStatus.RUNNING : RunStatus.WAITING, started ? null : WaitingFor.START,
                null, 0, run.scopeJson(), created, started ? created : null, null, null, 0, Usage.NONE, null);
    }

    private static Placement place(Handle h, NewRun run) {
        Placement at = PlainStatements.first(h, """
                        SELECT nextval('run_ids') AS id, v.program_id, p.name, parent.top_id, parent.lineage
                        FROM program_versions v JOIN programs p ON p.id = v.program_id
                        LEFT JOIN runs parent ON parent.id = ?
                        WHERE v.id = ?""",
                        rs -> new Placement(rs.getLong("id"), rs.getLong("program_id"), rs.getString("name"),
                                Columns.longOrNull(rs, "top_id"), rs.getString("lineage")),
                        run.parentId(), run.programVersionId())
                .orElseThrow(() -> new IllegalArgumentException(
                        "cannot create run: no program version " + run.programVersionId()));
        if (run.parentId() != null && at.parentTopId() == null) {
            throw new IllegalArgumentException("cannot create run: no parent run " + run.parentId());
        }
        return at;
    }

    @Override
    public Run createRejected(String program, String label, String creator, int exitCode) {
        Instant now = TimeMapping.stored(Instant.now());
        return jdbi.inTransaction(h -> {
            h.createUpdate("INSERT INTO programs (name, created) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .bind(0, program).bind(1, now).execute();
            long programId = h.createQuery("SELECT id FROM programs WHERE name = ?")
                    .bind(0, program).mapTo(Long.class).one();
            long id = h.createQuery("SELECT nextval('run_ids')").mapTo(Long.class).one();
            h.createUpdate("""
                            INSERT INTO runs (id, parent_id, top_id, lineage, program_id, program_version_id, node_path,
                                              command, label, creator, status, created, started, stopped, exit_code)
                            VALUES (:id, NULL, :id, :lineage, :program, NULL, '', 'program', :label, :creator,
                                    'failure', :now, :now, :now, :exit)""")
                    .bind("id", id).bind("lineage", "/" + id + "/").bind("program", programId)
                    .bind("label", label).bind("creator", creator).bind("now", now).bind("exit", exitCode)
                    .execute();
            return new Run(id, null, id, "/" + id + "/", 0, program, "", "program", label, creator,
                    RunStatus.FAILURE, null, null, 0, null, now, now, now, exitCode, 0, Usage.NONE, null);
        });
    }

    @Override
    public Optional<Run> get(long id) {
        return jdbi.withHandle(h -> h.createQuery(RunMapper.SELECT + " WHERE r.id = ?").bind(0, id).map(RUN).findOne());
    }

    @Override
    public List<Run> subtree(long id) {
        return jdbi.withHandle(h -> h.createQuery(RunMapper.SELECT + """
                         JOIN runs root ON root.id = :id
                         WHERE r.top_id = root.top_id AND r.lineage LIKE CONCAT(root.lineage, '%')
                         ORDER BY r.id""")
                .bind("id", id).map(RUN).list());
    }

    @Override
    public List<Run> subtree(long id, long afterId, int limit) {
        return jdbi.withHandle(h -> h.createQuery(RunMapper.SELECT + """
                         JOIN runs root ON root.id = :id
                         WHERE r.top_id = root.top_id AND r.lineage LIKE CONCAT(root.lineage, '%') AND r.id > :after
                         ORDER BY r.id LIMIT :limit""")
                .bind("id", id).bind("after", afterId).bind("limit", limit).map(RUN).list());
    }

    @Override
    public List<Run> children(long id) {
        return list(" WHERE r.parent_id = ? ORDER BY r.id", id);
    }

    @Override
    public List<Run> topRuns(String program, int limit) {
        if (program == null) {
            return list(" WHERE r.parent_id IS NULL ORDER BY r.id DESC LIMIT ?", limit);
        }
        return list(" WHERE p.name = ? AND r.parent_id IS NULL ORDER BY r.id DESC LIMIT ?", program, limit);
    }

    @Override
    public Optional<Run> firstTopRunBy(String creator) {
        return list(" WHERE r.parent_id IS NULL AND r.creator = ? ORDER BY r.id LIMIT 1", creator).stream().findFirst();
    }

    @Override
    public List<Run> unfinished() {
        return list(" WHERE r.status IN ('waiting', 'running') ORDER BY r.id");
    }

    @Override
    public List<Run> waitingForPeople() {
        return list(" WHERE r.status = 'waiting' AND r.waiting_for IN ('approval', 'answer') ORDER BY r.id");
    }

    private List<Run> list(String where, Object... arguments) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery(RunMapper.SELECT + where);
            for (int i = 0; i < arguments.length; i++) query.bind(i, arguments[i]);
            return query.map(RUN).list();
        });
    }

    @Override
    public void markRunning(long id, Instant started) {
        // A run that waited (for a slot, a person) and resumes keeps its first start time.
        update("UPDATE runs SET status = 'running', started = COALESCE(started, ?), waiting_for = NULL,"
                + " wake_at = NULL WHERE id = ?" + NOT_ENDED, started, id);
    }

    @Override
    public void markWaiting(long id, WaitingFor waitingFor, Instant wakeAt) {
        update("UPDATE runs SET status = 'waiting', waiting_for = ?, wake_at = ? WHERE id = ?" + NOT_ENDED,
                waitingFor.dbName(), wakeAt, id);
    }

    @Override
    public void saveProgress(long id, int progress) {
        jdbi.useHandle(h -> saveProgress(h, id, progress));
    }

    private static void saveProgress(Handle h, long id, int progress) {
        PlainStatements.update(h, "UPDATE runs SET progress = ? WHERE id = ?", progress, id);
    }

    @Override
    public boolean finish(long id, RunStatus status, Instant stopped, int exitCode, int breakLevels, Usage usage) {
        return jdbi.withHandle(h -> finish(h, id, status, stopped, exitCode, breakLevels, usage));
    }

    private static boolean finish(Handle h, long id, RunStatus status, Instant stopped, int exitCode, int breakLevels,
                                  Usage usage) {
        if (!status.isFinal()) {
            throw new IllegalArgumentException("cannot finish run " + id + " as " + status.dbName()
                    + ": expected success, failure or cancelled");
        }
        return PlainStatements.update(h, """
                UPDATE runs SET status = ?, stopped = ?, exit_code = ?, break_levels = ?, cpu_user_seconds = ?,
                                cpu_system_seconds = ?, memory_peak_bytes = ?, waiting_for = NULL, wake_at = NULL
                WHERE id = ?""" + NOT_ENDED, status.dbName(), stopped, exitCode, breakLevels,
                usage.cpuUserSeconds(), usage.cpuSystemSeconds(), usage.memoryPeakBytes(), id) == 1;
    }

    private int update(String sql, Object... arguments) {
        return jdbi.withHandle(h -> PlainStatements.update(h, sql, arguments));
    }

    @Override
    public void putData(long topRunId, String key, String value) {
        KeyValueRows.put(jdbi, "run_data", "top_id", topRunId, key, value);
    }

    @Override
    public Map<String, String> data(long topRunId) {
        return KeyValueRows.all(jdbi, "run_data", "top_id", topRunId);
    }
}
