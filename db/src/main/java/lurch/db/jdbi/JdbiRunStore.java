package lurch.db.jdbi;

import lurch.db.NewRun;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.RunStore;
import lurch.db.Usage;
import lurch.db.WaitingFor;
import lurch.db.jdbi.PlainStatements.Statement;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Arrays;
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
    /** PostgreSQL: a run's insert and what comes with it are one statement ({@link PostgresRunInsert}). */
    private final boolean oneStatement;

    public JdbiRunStore(Jdbi jdbi, boolean postgres) {
        this.jdbi = jdbi;
        this.oneStatement = postgres;
    }

    /** Where a new run is placed: its id, its tree, its path in it, and its program's name. */
    record Placement(long id, long topId, String lineage, long programId, String programName) {}

    @Override
    public Run create(NewRun run) {
        return jdbi.withHandle(h -> insertAfter(h, run, false, null, null).orElseThrow());
    }

    @Override
    public Run create(NewRun run, Map<String, String> data) {
        return jdbi.inTransaction(h -> {
            Run row = insertAfter(h, run, false, null, null).orElseThrow();
            data.forEach((name, content) -> KeyValueRows.put(h, "run_data", "top_id", row.id(), name, content));
            return row;
        });
    }

    @Override
    public Run createStarted(NewRun run) {
        return jdbi.withHandle(h -> insertAfter(h, run, true, null, null).orElseThrow());
    }

    @Override
    public Run createStarted(NewRun run, int parentProgress) {
        Statement progress = progress(run.parentId(), parentProgress);
        return inTransactionUnlessOneStatement(h -> insertAfter(h, run, true, progress, null)).orElseThrow(() ->
                new IllegalArgumentException("cannot create run: no parent run " + run.parentId()));
    }

    @Override
    public Optional<Run> finishThenStart(long id, RunStatus status, Instant stopped, int exitCode, int breakLevels,
                                         Usage usage, NewRun next, int parentProgress) {
        Statement finish = finishing(id, status, stopped, exitCode, breakLevels, usage);
        Statement progress = progress(next.parentId(), parentProgress);
        return inTransactionUnlessOneStatement(h -> insertAfter(h, next, true, finish, progress));
    }

    private <T> T inTransactionUnlessOneStatement(HandleCallback<T, RuntimeException> work) {
        return oneStatement ? jdbi.withHandle(work) : jdbi.inTransaction(work);
    }

    /**
     * Changes {@code first} and {@code then} (each may be null) and inserts {@code run}; empty, with nothing
     * changed, when {@code first} changes no row (a run to finish had ended: a cancel got there first). Fails,
     * changing nothing, when the run's version or parent does not exist. On H2, call it in a transaction.
     */
    private Optional<Run> insertAfter(Handle h, NewRun run, boolean started, Statement first, Statement then) {
        Instant created = TimeMapping.stored(Instant.now());
        RunStatus status = started ? RunStatus.RUNNING : RunStatus.WAITING;
        WaitingFor waitingFor = started ? null : WaitingFor.START;
        Object[] values = {run.nodePath(), run.command(), run.label(), run.creator(), status.dbName(),
                waitingFor == null ? null : waitingFor.dbName(), run.scopeJson(), created, started ? created : null};
        Optional<Placement> placed;
        if (oneStatement) {
            placed = PostgresRunInsert.insert(h, run, values, first, then);
        } else {
            if (first != null && PlainStatements.update(h, first) == 0) {
                return Optional.empty();
            }
            if (then != null) {
                PlainStatements.update(h, then);
            }
            Placement at = place(h, run);
            PlainStatements.update(h, """
                            INSERT INTO runs (id, parent_id, top_id, lineage, program_id, program_version_id, node_path,
                                              command, label, creator, status, waiting_for, scope_json, created, started)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    concat(new Object[] {at.id(), run.parentId(), at.topId(), at.lineage(), at.programId(),
                            run.programVersionId()}, values));
            placed = Optional.of(at);
        }
        return placed.map(at -> new Run(at.id(), run.parentId(), at.topId(), at.lineage(), run.programVersionId(),
                at.programName(), run.nodePath(), run.command(), run.label(), run.creator(), status, waitingFor,
                null, 0, run.scopeJson(), created, started ? created : null, null, null, 0, Usage.NONE, null));
    }

    private static Object[] concat(Object[] head, Object[] tail) {
        Object[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    /**
     * A new id, and the tree and program of {@code run}, found with a query of their own (H2's way); fails naming
     * a missing version or parent.
     */
    static Placement place(Handle h, NewRun run) {
        record Found(long id, long programId, String programName, Long parentTopId, String parentLineage) {}
        Found found = PlainStatements.first(h, """
                        SELECT nextval('run_ids') AS id, v.program_id, p.name, parent.top_id, parent.lineage
                        FROM program_versions v JOIN programs p ON p.id = v.program_id
                        LEFT JOIN runs parent ON parent.id = ?
                        WHERE v.id = ?""",
                        rs -> new Found(rs.getLong("id"), rs.getLong("program_id"), rs.getString("name"),
                                Columns.longOrNull(rs, "top_id"), rs.getString("lineage")),
                        run.parentId(), run.programVersionId())
                .orElseThrow(() -> new IllegalArgumentException(
                        "cannot create run: no program version " + run.programVersionId()));
        if (run.parentId() == null) {
            return new Placement(found.id(), found.id(), "/" + found.id() + "/", found.programId(),
                    found.programName());
        }
        if (found.parentTopId() == null) {
            throw new IllegalArgumentException("cannot create run: no parent run " + run.parentId());
        }
        return new Placement(found.id(), found.parentTopId(), found.parentLineage() + found.id() + "/",
                found.programId(), found.programName());
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
        jdbi.useHandle(h -> PlainStatements.update(h, progress(id, progress)));
    }

    private static Statement progress(long id, int progress) {
        return new Statement("UPDATE runs SET progress = ? WHERE id = ?", progress, id);
    }

    @Override
    public boolean finish(long id, RunStatus status, Instant stopped, int exitCode, int breakLevels, Usage usage) {
        Statement finish = finishing(id, status, stopped, exitCode, breakLevels, usage);
        return jdbi.withHandle(h -> PlainStatements.update(h, finish)) == 1;
    }

    /** The update that ends run {@code id}: it changes no row when the run has ended already. */
    private static Statement finishing(long id, RunStatus status, Instant stopped, int exitCode, int breakLevels,
                                       Usage usage) {
        if (!status.isFinal()) {
            throw new IllegalArgumentException("cannot finish run " + id + " as " + status.dbName()
                    + ": expected success, failure or cancelled");
        }
        return new Statement("""
                UPDATE runs SET status = ?, stopped = ?, exit_code = ?, break_levels = ?, cpu_user_seconds = ?,
                                cpu_system_seconds = ?, memory_peak_bytes = ?, waiting_for = NULL, wake_at = NULL
                WHERE id = ?""" + NOT_ENDED, status.dbName(), stopped, exitCode, breakLevels,
                usage.cpuUserSeconds(), usage.cpuSystemSeconds(), usage.memoryPeakBytes(), id);
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
