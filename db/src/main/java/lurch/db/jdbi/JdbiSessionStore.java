package lurch.db.jdbi;

import lurch.db.Role;
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
        // the role is read with the session, so a changed role applies to the next request
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT s.user_name, u.role, s.csrf_token, s.expires FROM sessions s
                        JOIN users u ON u.name = s.user_name WHERE s.id_sha256 = ? AND s.expires > ?""")
                .bind(0, JdbiTokenStore.sha256(plainId)).bind(1, now)
                .map((rs, ctx) -> new Session(rs.getString("user_name"), Role.of(rs.getString("role")),
                        rs.getString("csrf_token"), Columns.instant(rs, "expires")))
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
