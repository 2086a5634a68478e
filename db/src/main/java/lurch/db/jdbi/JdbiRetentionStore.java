package lurch.db.jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import lurch.db.RetentionStore;
import lurch.db.RunStatus;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Retention on both databases. A tree is deleted from its leaves up, table by table, each batch of rows in a
 * transaction of its own: children have higher ids than their parents (ids come from one sequence and a child is
 * made after its parent), so deleting by descending id never leaves a row whose parent is gone.
 */
public final class JdbiRetentionStore implements RetentionStore {

    private static final String ENDED = "('success', 'failure', 'cancelled')";

    private final Jdbi jdbi;

    public JdbiRetentionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Expired> expired(int keepRuns, Instant createdBefore, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT r.id, p.name, r.status, r.created FROM (
                            SELECT id, program_id, status, created,
                                   ROW_NUMBER() OVER (PARTITION BY program_id ORDER BY id DESC) AS newer
                            FROM runs WHERE parent_id IS NULL) r
                        JOIN programs p ON p.id = r.program_id
                        WHERE r.status IN %s AND (r.newer > :keep OR r.created < :before)
                          AND r.id NOT IN (SELECT MAX(id) FROM runs WHERE parent_id IS NULL AND status = 'success'
                                           GROUP BY program_id)
                        ORDER BY r.id LIMIT :limit""".formatted(ENDED))
                .bind("keep", keepRuns).bind("before", createdBefore).bind("limit", limit)
                .map((rs, ctx) -> new Expired(rs.getLong(1), rs.getString(2),
                        RunStatus.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)),
                        rs.getObject(4, java.time.OffsetDateTime.class).toInstant()))
                .list());
    }

    @Override
    public boolean deleteTree(long topId, int batch) {
        boolean endedTop = jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM runs WHERE id = :id AND parent_id IS NULL AND status IN " + ENDED)
                .bind("id", topId).mapTo(Integer.class).one() == 1);
        if (!endedTop) {
            return false;
        }
        inBatches("SELECT id FROM log_chunks WHERE top_id = :top ORDER BY id", "DELETE FROM log_chunks WHERE id IN (<ids>)", topId, batch);
        inBatches("SELECT p.run_id FROM prompts p JOIN runs r ON r.id = p.run_id WHERE r.top_id = :top ORDER BY p.run_id",
                "DELETE FROM prompts WHERE run_id IN (<ids>)", topId, batch);
        jdbi.useHandle(h -> {
            h.createUpdate("DELETE FROM run_data WHERE top_id = :top").bind("top", topId).execute();
            h.createUpdate("DELETE FROM artifacts WHERE run_id = :top").bind("top", topId).execute();
            h.createUpdate("DELETE FROM deliveries WHERE run_id = :top").bind("top", topId).execute();
        });
        while (true) {
            List<Long> ids = jdbi.withHandle(h -> h.createQuery("SELECT id FROM runs WHERE top_id = :top ORDER BY id DESC LIMIT :n")
                    .bind("top", topId).bind("n", batch).mapTo(Long.class).list());
            if (ids.isEmpty()) {
                return true;
            }
            jdbi.useTransaction(h -> {
                h.createUpdate("UPDATE runs SET parent_id = NULL WHERE id IN (<ids>)").bindList("ids", ids).execute();
                h.createUpdate("DELETE FROM runs WHERE id IN (<ids>)").bindList("ids", ids).execute();
            });
        }
    }

    /** Deletes the rows {@code select} finds, {@code batch} at a time, each batch in its own transaction. */
    private void inBatches(String select, String delete, long topId, int batch) {
        while (true) {
            List<Long> ids = jdbi.withHandle(h -> selectIds(h, select + " LIMIT :n", topId, batch));
            if (ids.isEmpty()) {
                return;
            }
            jdbi.useHandle(h -> h.createUpdate(delete).bindList("ids", ids).execute());
        }
    }

    private static List<Long> selectIds(Handle h, String sql, long topId, int batch) {
        return h.createQuery(sql).bind("top", topId).bind("n", batch).mapTo(Long.class).list();
    }
}
