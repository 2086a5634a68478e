package lurch.db.jdbi;

import lurch.db.SessionStore;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Optional;

/**
 * Sessions in table sessions, keyed by the SHA-256 of the session id: the ids are long and random (like API
 * tokens), so a database leak does not hand out live sessions.
 */
public final class JdbiSessionStore implements SessionStore {

    private final Jdbi jdbi;

    public JdbiSessionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void create(String plainId, String user, String csrfToken, Instant expires) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO sessions (id_sha256, user_name, csrf_token, created, expires)
                        VALUES (?, ?, ?, ?, ?)""")
                .bind(0, JdbiTokenStore.sha256(plainId)).bind(1, user).bind(2, csrfToken)
                .bind(3, Instant.now()).bind(4, expires).execute());
    }

    @Override
    public Optional<Session> find(String plainId, Instant now) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT user_name, csrf_token, expires FROM sessions WHERE id_sha256 = ? AND expires > ?")
                .bind(0, JdbiTokenStore.sha256(plainId)).bind(1, now)
                .map((rs, ctx) -> new Session(rs.getString("user_name"), rs.getString("csrf_token"),
                        Columns.instant(rs, "expires")))
                .findOne());
    }

    @Override
    public void delete(String plainId) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE id_sha256 = ?")
                .bind(0, JdbiTokenStore.sha256(plainId)).execute());
    }

    @Override
    public int deleteAllOf(String user) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_name = ?").bind(0, user).execute());
    }

    @Override
    public int deleteExpired(Instant now) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE expires <= ?").bind(0, now).execute());
    }
}
