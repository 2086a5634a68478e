package lurch.db.jdbi;

import lurch.db.Delivery;
import lurch.db.DeliveryOutcome;
import lurch.db.DeliveryStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deliveries in table deliveries. Accepting one is a single INSERT, which is all the webhook request path does
 * with the database, committed together with those accepted at the same time ({@link DeliveryWriter}); the unique
 * (forge, delivery_key) constraint turns a redelivery into "seen before".
 */
public final class JdbiDeliveryStore implements DeliveryStore, AutoCloseable {

    private static final RowMapper<Delivery> DELIVERY = (rs, ctx) -> new Delivery(rs.getLong("id"),
            rs.getString("forge"), rs.getString("delivery_key"), rs.getString("event"), rs.getString("repo"),
            rs.getString("ref"), rs.getString("branch"), rs.getString("commit_sha"), rs.getString("author"),
            rs.getString("fork"), rs.getString("commit_message"), DeliveryOutcome.ofDbName(rs.getString("outcome")),
            Columns.longOrNull(rs, "run_id"), rs.getString("message"), Columns.instant(rs, "received"),
            Columns.instant(rs, "processed"));

    private final Jdbi jdbi;
    private final DeliveryWriter writer;

    public JdbiDeliveryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.writer = new DeliveryWriter(jdbi, JdbiDeliveryStore::insertAll);
    }

    /** Stores what is being accepted, then refuses further deliveries. */
    @Override
    public void close() {
        writer.close();
    }

    @Override
    public Optional<Delivery> accept(Delivery d) {
        return writer.store(d);
    }

    /**
     * Inserts the deliveries on {@code h} as one JDBC batch (one round trip to PostgreSQL); empty for each whose
     * forge and key were stored before, also earlier in the same batch. ON CONFLICT DO NOTHING rather than catching
     * the violation: on PostgreSQL a failed statement would abort the transaction the whole batch shares.
     */
    private static List<Optional<Delivery>> insertAll(Handle h, List<Delivery> batch) throws SQLException {
        Instant received = TimeMapping.stored(Instant.now());
        OffsetDateTime receivedAt = received.atOffset(ZoneOffset.UTC); // as TimeMapping binds instants
        try (PreparedStatement insert = h.getConnection().prepareStatement("""
                INSERT INTO deliveries (forge, delivery_key, event, repo, ref, branch, commit_sha, author,
                                        commit_message, outcome, run_id, message, received, processed, fork)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", new String[] {"id"})) {
            for (Delivery d : batch) {
                insert.setString(1, d.forge());
                insert.setString(2, d.deliveryKey());
                insert.setString(3, d.event());
                insert.setString(4, d.repo());
                insert.setString(5, d.ref());
                insert.setString(6, d.branch());
                insert.setString(7, d.commitSha());
                insert.setString(8, d.author());
                insert.setString(9, d.commitMessage());
                insert.setString(10, d.outcome().dbName());
                insert.setObject(11, d.runId(), Types.BIGINT);
                insert.setString(12, d.message());
                insert.setObject(13, receivedAt);
                // A delivery that needs no processing is finished as it is stored.
                insert.setObject(14, d.outcome() == DeliveryOutcome.QUEUED ? null : receivedAt, Types.TIMESTAMP_WITH_TIMEZONE);
                insert.setString(15, d.fork());
                insert.addBatch();
            }
            int[] inserted = insert.executeBatch();
            List<Optional<Delivery>> stored = new ArrayList<>(batch.size());
            try (ResultSet ids = insert.getGeneratedKeys()) { // one row per delivery inserted, in order
                for (int i = 0; i < batch.size(); i++) {
                    if (inserted[i] == 0) {
                        stored.add(Optional.empty());
                        continue;
                    }
                    if (!ids.next()) {
                        throw new SQLException("no id for delivery " + batch.get(i).deliveryKey());
                    }
                    Delivery d = batch.get(i);
                    stored.add(Optional.of(new Delivery(ids.getLong(1), d.forge(), d.deliveryKey(), d.event(), d.repo(),
                            d.ref(), d.branch(), d.commitSha(), d.author(), d.fork(), d.commitMessage(), d.outcome(),
                            d.runId(), d.message(), received, d.outcome() == DeliveryOutcome.QUEUED ? null : received)));
                }
            }
            return stored;
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
