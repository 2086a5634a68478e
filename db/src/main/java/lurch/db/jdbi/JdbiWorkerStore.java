package lurch.db.jdbi;

import lurch.db.Worker;
import lurch.db.WorkerState;
import lurch.db.WorkerStore;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;

/** Workers in table workers. */
public final class JdbiWorkerStore implements WorkerStore {

    private final Jdbi jdbi;

    public JdbiWorkerStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void register(String name, Instant now) {
        Instant at = TimeMapping.stored(now);
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("""
                            UPDATE workers SET state = 'ready', isolates = 0, started = :at, last_seen = :at
                            WHERE name = :name""")
                    .bind("name", name).bind("at", at).execute();
            if (updated == 0) {
                h.createUpdate("""
                                INSERT INTO workers (name, state, isolates, started, last_seen)
                                VALUES (:name, 'ready', 0, :at, :at)""")
                        .bind("name", name).bind("at", at).execute();
            }
        });
    }

    @Override
    public boolean heartbeat(String name, int isolates, Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE workers SET state = :state, isolates = :isolates, last_seen = :at
                        WHERE name = :name AND state IN ('ready', 'busy')""")
                .bind("name", name).bind("isolates", isolates)
                .bind("state", (isolates > 0 ? WorkerState.BUSY : WorkerState.READY).dbName())
                .bind("at", TimeMapping.stored(now)).execute()) > 0;
    }

    @Override
    public void stopped(String name, Instant now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE workers SET state = 'stopped', isolates = 0, last_seen = :at WHERE name = :name""")
                .bind("name", name).bind("at", TimeMapping.stored(now)).execute());
    }

    @Override
    public List<String> markLost(Instant seenBefore) {
        // The rows are locked first: of two servers sweeping at once, the second sees them lost and skips them.
        return jdbi.inTransaction(h -> {
            List<String> names = h.createQuery("""
                            SELECT name FROM workers WHERE state IN ('ready', 'busy') AND last_seen < :before
                            ORDER BY name FOR UPDATE""")
                    .bind("before", TimeMapping.stored(seenBefore)).mapTo(String.class).list();
            List<String> lost = new java.util.ArrayList<>();
            for (String name : names) {
                int changed = h.createUpdate("""
                                UPDATE workers SET state = 'lost', isolates = 0
                                WHERE name = :name AND state IN ('ready', 'busy') AND last_seen < :before""")
                        .bind("name", name).bind("before", TimeMapping.stored(seenBefore)).execute();
                if (changed > 0) {
                    lost.add(name);
                }
            }
            return lost;
        });
    }

    @Override
    public List<Worker> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM workers ORDER BY name")
                .map((rs, ctx) -> new Worker(rs.getString("name"), WorkerState.ofDbName(rs.getString("state")),
                        rs.getInt("isolates"), Columns.instant(rs, "started"), Columns.instant(rs, "last_seen")))
                .list());
    }
}
