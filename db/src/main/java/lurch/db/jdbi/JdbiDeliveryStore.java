package lurch.db.jdbi;

import lurch.db.Delivery;
import lurch.db.DeliveryOutcome;
import lurch.db.DeliveryStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Deliveries in table deliveries. Accepting one is a single INSERT, which is all the webhook request path does
 * with the database; the unique (forge, delivery_key) constraint turns a redelivery into "seen before".
 */
public final class JdbiDeliveryStore implements DeliveryStore {

    /** SQLSTATE of a unique constraint violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private static final RowMapper<Delivery> DELIVERY = (rs, ctx) -> new Delivery(rs.getLong("id"),
            rs.getString("forge"), rs.getString("delivery_key"), rs.getString("event"), rs.getString("repo"),
            rs.getString("ref"), rs.getString("branch"), rs.getString("commit_sha"), rs.getString("author"),
            rs.getString("fork"), rs.getString("commit_message"), DeliveryOutcome.ofDbName(rs.getString("outcome")),
            Columns.longOrNull(rs, "run_id"), rs.getString("message"), Columns.instant(rs, "received"),
            Columns.instant(rs, "processed"));

    private final Jdbi jdbi;

    public JdbiDeliveryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Delivery> accept(Delivery d) {
        Instant received = TimeMapping.stored(Instant.now());
        // A delivery that needs no processing is finished as it is stored.
        Instant processed = d.outcome() == DeliveryOutcome.QUEUED ? null : received;
        try {
            long id = jdbi.withHandle(h -> h.createUpdate("""
                            INSERT INTO deliveries (forge, delivery_key, event, repo, ref, branch, commit_sha, author,
                                                    commit_message, outcome, run_id, message, received, processed,
                                                    fork)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .bind(0, d.forge()).bind(1, d.deliveryKey()).bind(2, d.event()).bind(3, d.repo())
                    .bind(4, d.ref()).bind(5, d.branch()).bind(6, d.commitSha()).bind(7, d.author())
                    .bind(8, d.commitMessage()).bind(9, d.outcome().dbName()).bind(10, d.runId())
                    .bind(11, d.message()).bind(12, received).bind(13, processed).bind(14, d.fork())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
            return Optional.of(new Delivery(id, d.forge(), d.deliveryKey(), d.event(), d.repo(), d.ref(), d.branch(),
                    d.commitSha(), d.author(), d.fork(), d.commitMessage(), d.outcome(), d.runId(), d.message(), received,
                    processed));
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Delivery> get(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM deliveries WHERE id = ?")
                .bind(0, id).map(DELIVERY).findOne());
    }

    @Override
    public boolean claim(long id) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE deliveries SET outcome = 'processing' WHERE id = ?"
                + " AND outcome = 'queued'").bind(0, id).execute() == 1);
    }

    @Override
    public void finish(long id, DeliveryOutcome outcome, Long runId, String message) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE deliveries SET outcome = ?, run_id = ?, message = ?, processed = ?"
                        + " WHERE id = ?")
                .bind(0, outcome.dbName()).bind(1, runId).bind(2, message)
                .bind(3, TimeMapping.stored(Instant.now())).bind(4, id).execute());
    }

    @Override
    public int requeueInterrupted() {
        return jdbi.withHandle(h -> h.createUpdate(
                "UPDATE deliveries SET outcome = 'queued' WHERE outcome = 'processing'").execute());
    }

    @Override
    public List<Delivery> interrupted() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM deliveries WHERE outcome = 'processing' ORDER BY id")
                .map(DELIVERY).list());
    }

    @Override
    public List<Delivery> queued() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM deliveries WHERE outcome = 'queued' ORDER BY id")
                .map(DELIVERY).list());
    }

    @Override
    public List<Delivery> recent(String repo, int limit) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT * FROM deliveries" + (repo == null ? "" : " WHERE repo = :repo")
                    + " ORDER BY id DESC LIMIT :limit").bind("limit", limit);
            if (repo != null) {
                query.bind("repo", repo);
            }
            return query.map(DELIVERY).list();
        });
    }
}
