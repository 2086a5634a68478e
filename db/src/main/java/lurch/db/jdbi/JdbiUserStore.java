package lurch.db.jdbi;

import lurch.db.UserStore;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.Optional;

/** Users in table users. */
public final class JdbiUserStore implements UserStore {

    private final Jdbi jdbi;

    public JdbiUserStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean put(String name, String passwordHash) {
        // UPDATE first, INSERT when nothing was there: ON CONFLICT ... DO UPDATE does not work on H2
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("UPDATE users SET password_hash = ? WHERE name = ?")
                    .bind(0, passwordHash).bind(1, name).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO users (name, password_hash, created) VALUES (?, ?, ?)")
                        .bind(0, name).bind(1, passwordHash).bind(2, Instant.now()).execute();
            }
            return updated == 0;
        });
    }

    @Override
    public Optional<String> passwordHash(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE name = ?")
                .bind(0, name).mapTo(String.class).findOne());
    }

    @Override
    public boolean any() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) t")
                .mapTo(Integer.class).one() > 0);
    }
}
