package lurch.db.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lurch.db.Usage;
import lurch.db.WorkQueue;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The worker queue in tables isolate_claims, exec_orders and worker_log_lines (PostgreSQL). */
public final class JdbiWorkQueue implements WorkQueue {

    private final Jdbi jdbi;

    public JdbiWorkQueue(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void queueIsolate(long isolateId, long builderRunId, long topId, String builderKind, String builderArg,
                             Instant now) {
        jdbi.useTransaction(h -> {
            int queued = h.createUpdate("""
                            INSERT INTO isolate_claims (isolate_id, builder_run_id, top_id, builder_kind, builder_arg,
                                state, created) VALUES (:id, :builder, :top, :kind, :arg, 'queued', :now)
                            ON CONFLICT (isolate_id) DO NOTHING""")
                    .bind("id", isolateId).bind("builder", builderRunId).bind("top", topId).bind("kind", builderKind)
                    .bind("arg", builderArg).bind("now", TimeMapping.stored(now)).execute();
            if (queued > 0) {
                h.createUpdate("UPDATE runs SET status = 'waiting', waiting_for = 'worker'"
                                + " WHERE id = :builder AND status IN ('running', 'waiting')")
                        .bind("builder", builderRunId).execute();
            }
            notify(h, TO_WORKERS, "");
        });
    }

    @Override
    public Optional<Claim> claim(long isolateId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM isolate_claims WHERE isolate_id = :id")
                .bind("id", isolateId).map((rs, ctx) -> claimOf(rs)).findOne());
    }

    @Override
    public void queueOrder(long runId, long isolateId, long topId, String spec) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO exec_orders (run_id, isolate_id, top_id, spec, state)
                            VALUES (:run, :isolate, :top, :spec, 'queued')""")
                    .bind("run", runId).bind("isolate", isolateId).bind("top", topId).bind("spec", spec).execute();
            notify(h, TO_WORKERS, "");
        });
    }

    @Override
    public void cancel(long runId, int killedCode) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            UPDATE exec_orders SET state = 'done', exit_code = :code, spec = NULL
                            WHERE run_id = :run AND state = 'queued'""")
                    .bind("run", runId).bind("code", killedCode).execute();
            h.createUpdate("UPDATE exec_orders SET state = 'cancel' WHERE run_id = :run AND state = 'running'")
                    .bind("run", runId).execute();
            notify(h, TO_WORKERS, "");
            notify(h, TO_SERVER, "");
        });
    }

    @Override
    public void tearDown(long isolateId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE isolate_claims SET state = 'teardown' WHERE isolate_id = :id AND state = 'held'")
                    .bind("id", isolateId).execute();
            int dropped = h.createUpdate("DELETE FROM isolate_claims WHERE isolate_id = :id AND state IN ('queued', 'lost')")
                    .bind("id", isolateId).execute();
            if (dropped > 0) {
                h.createUpdate("DELETE FROM exec_orders WHERE isolate_id = :id AND state = 'queued'")
                        .bind("id", isolateId).execute();
            }
            notify(h, TO_WORKERS, "");
        });
    }

    @Override
    public void treeEnded(long topId) {
        jdbi.useHandle(h -> notify(h, TO_WORKERS, TREE_ENDED + topId));
    }

    @Override
    public Optional<Order> order(long runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM exec_orders WHERE run_id = :run")
                .bind("run", runId).map((rs, ctx) -> orderOf(rs)).findOne());
    }

    @Override
    public Map<Long, End> ended(Collection<Long> runIds) {
        Map<Long, End> ends = new HashMap<>();
        if (runIds.isEmpty()) {
            return ends;
        }
        jdbi.useHandle(h -> h.createQuery("SELECT * FROM exec_orders WHERE state = 'done' AND run_id IN (<runs>)")
                .bindList("runs", List.copyOf(runIds))
                .map((rs, ctx) -> Map.entry(rs.getLong("run_id"), new End(rs.getInt("exit_code"),
                        new Usage(rs.getDouble("cpu_user"), rs.getDouble("cpu_system"), rs.getLong("memory_peak")),
                        rs.getString("note"))))
                .forEach(end -> ends.put(end.getKey(), end.getValue())));
        return ends;
    }

    @Override
    public void forget(long runId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM exec_orders WHERE run_id = :run AND state = 'done'")
                .bind("run", runId).execute());
    }

    @Override
    public List<Line> lines(int max) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM worker_log_lines ORDER BY id LIMIT :max")
                .bind("max", max)
                .map((rs, ctx) -> new Line(rs.getLong("id"), rs.getLong("run_id"), rs.getLong("top_id"),
                        rs.getString("stream"), Columns.instant(rs, "at"), rs.getString("text")))
                .list());
    }

    @Override
    public void deleteLines(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM worker_log_lines WHERE id IN (<ids>)")
                    .bindList("ids", List.copyOf(ids)).execute());
        }
    }

    @Override
    public List<Long> release(String worker, int lostCode, String note) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("""
                            UPDATE exec_orders SET state = 'done', exit_code = :code, note = :note, spec = NULL
                            WHERE state <> 'done' AND (worker = :worker OR isolate_id IN (
                                SELECT isolate_id FROM isolate_claims WHERE worker = :worker AND state = 'held' AND used))""")
                    .bind("worker", worker).bind("code", lostCode).bind("note", note).execute();
            h.createUpdate("UPDATE isolate_claims SET state = 'lost' WHERE worker = :worker AND state = 'held' AND used")
                    .bind("worker", worker).execute();
            List<Long> requeued = h.createQuery("""
                            UPDATE isolate_claims SET state = 'queued', worker = NULL, built = NULL
                            WHERE worker = :worker AND state = 'held' RETURNING isolate_id""")
                    .bind("worker", worker).mapTo(Long.class).list();
            h.createUpdate("DELETE FROM isolate_claims WHERE worker = :worker AND state = 'teardown'")
                    .bind("worker", worker).execute();
            notify(h, TO_SERVER, "");
            if (!requeued.isEmpty()) {
                notify(h, TO_WORKERS, "");
            }
            return requeued;
        });
    }

    @Override
    public Optional<Claim> claimIsolate(String worker) {
        return jdbi.inTransaction(h -> {
            Optional<Claim> queued = h.createQuery("""
                            SELECT * FROM isolate_claims WHERE state = 'queued' ORDER BY isolate_id LIMIT 1
                            FOR UPDATE SKIP LOCKED""")
                    .map((rs, ctx) -> claimOf(rs)).findOne();
            queued.ifPresent(claim -> {
                h.createUpdate("""
                                UPDATE isolate_claims SET state = 'held', worker = :worker, built = NULL
                                WHERE isolate_id = :id""")
                        .bind("worker", worker).bind("id", claim.isolateId()).execute();
                h.createUpdate("UPDATE runs SET worker = :worker WHERE id IN (:isolate, :builder)")
                        .bind("worker", worker).bind("isolate", claim.isolateId())
                        .bind("builder", claim.builderRunId()).execute();
                h.createUpdate("UPDATE runs SET status = 'running', waiting_for = NULL"
                                + " WHERE id = :builder AND status = 'waiting' AND waiting_for = 'worker'")
                        .bind("builder", claim.builderRunId()).execute();
            });
            return queued.map(c -> new Claim(c.isolateId(), c.builderRunId(), c.topId(), c.builderKind(),
                    c.builderArg(), "held", worker, null, false));
        });
    }

    @Override
    public boolean built(long isolateId, String worker, boolean built) {
        return jdbi.inTransaction(h -> {
            int held = h.createUpdate("UPDATE isolate_claims SET built = :built"
                            + " WHERE isolate_id = :id AND worker = :worker AND state = 'held'")
                    .bind("built", built).bind("id", isolateId).bind("worker", worker).execute();
            notify(h, TO_SERVER, "");
            notify(h, TO_WORKERS, "");
            return held > 0;
        });
    }

    @Override
    public List<Claim> held(String worker) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT * FROM isolate_claims WHERE worker = :worker AND state IN ('held', 'teardown')
                        ORDER BY isolate_id""")
                .bind("worker", worker).map((rs, ctx) -> claimOf(rs)).list());
    }

    @Override
    public Optional<Order> takeOrder(String worker) {
        return jdbi.inTransaction(h -> {
            Optional<Order> queued = h.createQuery("""
                            SELECT * FROM exec_orders WHERE state = 'queued' AND isolate_id IN (
                                SELECT isolate_id FROM isolate_claims WHERE worker = :worker AND state = 'held' AND built)
                            ORDER BY run_id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                    .bind("worker", worker).map((rs, ctx) -> orderOf(rs)).findOne();
            queued.ifPresent(order -> {
                h.createUpdate("UPDATE exec_orders SET state = 'running', worker = :worker WHERE run_id = :run")
                        .bind("worker", worker).bind("run", order.runId()).execute();
                h.createUpdate("UPDATE isolate_claims SET used = TRUE WHERE isolate_id = :id")
                        .bind("id", order.isolateId()).execute();
                h.createUpdate("UPDATE runs SET worker = :worker WHERE id = :run")
                        .bind("worker", worker).bind("run", order.runId()).execute();
            });
            return queued.map(o -> new Order(o.runId(), o.isolateId(), o.topId(), o.spec(), "running", worker));
        });
    }

    @Override
    public List<Long> cancelled(String worker) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT run_id FROM exec_orders WHERE worker = :worker AND state = 'cancel'")
                .bind("worker", worker).mapTo(Long.class).list());
    }

    @Override
    public void finish(long runId, End end) {
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            UPDATE exec_orders SET state = 'done', exit_code = :code, cpu_user = :user,
                                cpu_system = :system, memory_peak = :memory, note = :note, spec = NULL
                            WHERE run_id = :run AND state IN ('running', 'cancel')""")
                    .bind("run", runId).bind("code", end.exitCode()).bind("user", end.usage().cpuUserSeconds())
                    .bind("system", end.usage().cpuSystemSeconds()).bind("memory", end.usage().memoryPeakBytes())
                    .bind("note", end.note()).execute();
            notify(h, TO_SERVER, "");
        });
    }

    @Override
    public void dropIsolate(long isolateId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM isolate_claims WHERE isolate_id = :id").bind("id", isolateId).execute();
            h.createUpdate("DELETE FROM exec_orders WHERE isolate_id = :id AND state = 'queued'")
                    .bind("id", isolateId).execute();
        });
    }

    @Override
    public void appendLines(List<Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            var batch = h.prepareBatch("""
                    INSERT INTO worker_log_lines (run_id, top_id, stream, at, text)
                    VALUES (:run, :top, :stream, :at, :text)""");
            for (Line line : lines) {
                batch.bind("run", line.runId()).bind("top", line.topId()).bind("stream", line.stream())
                        .bind("at", TimeMapping.stored(line.at())).bind("text", line.text()).add();
            }
            batch.execute();
            notify(h, TO_SERVER, "");
        });
    }

    @Override
    public List<String> artifactPaths(long topId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT path FROM worker_artifacts WHERE top_id = :top ORDER BY path")
                .bind("top", topId).mapTo(String.class).list());
    }

    @Override
    public byte[] artifact(long topId, String path) {
        return jdbi.withHandle(h -> h.createQuery("SELECT content FROM worker_artifacts WHERE top_id = :top AND path = :path")
                .bind("top", topId).bind("path", path).mapTo(byte[].class).one());
    }

    @Override
    public void deleteArtifacts(long topId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM worker_artifacts WHERE top_id = :top").bind("top", topId).execute());
    }

    @Override
    public void putArtifact(long topId, String path, byte[] content) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO worker_artifacts (top_id, path, content) VALUES (:top, :path, :content)
                        ON CONFLICT (top_id, path) DO UPDATE SET content = EXCLUDED.content""")
                .bind("top", topId).bind("path", path).bind("content", content).execute());
    }

    /** Delivered at commit, once per distinct payload of the transaction. */
    private static void notify(Handle h, String channel, String payload) {
        h.createQuery("SELECT pg_notify(:channel, :payload)").bind("channel", channel).bind("payload", payload)
                .mapTo(String.class).findOne();
    }

    private static Claim claimOf(ResultSet rs) throws SQLException {
        boolean built = rs.getBoolean("built");
        Boolean known = rs.wasNull() ? null : built;
        return new Claim(rs.getLong("isolate_id"), rs.getLong("builder_run_id"), rs.getLong("top_id"),
                rs.getString("builder_kind"), rs.getString("builder_arg"), rs.getString("state"),
                rs.getString("worker"), known, rs.getBoolean("used"));
    }

    private static Order orderOf(ResultSet rs) throws SQLException {
        return new Order(rs.getLong("run_id"), rs.getLong("isolate_id"), rs.getLong("top_id"), rs.getString("spec"),
                rs.getString("state"), rs.getString("worker"));
    }
}
