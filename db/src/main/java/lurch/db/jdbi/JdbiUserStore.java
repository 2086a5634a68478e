package lurch.db.jdbi;

import lurch.db.Role;
import lurch.db.UserStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Users in table users. */
public final class JdbiUserStore implements UserStore {

    private final Jdbi jdbi;

    public JdbiUserStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean put(String name, String passwordHash, Role role) {
        // UPDATE first, INSERT when nothing was there: ON CONFLICT ... DO UPDATE does not work on H2
        return jdbi.inTransaction(h -> {
            if (role == Role.VIEWER) {
                refuseLastAdmin(h, name, "made a viewer");
            }
            int updated = h.createUpdate("UPDATE users SET password_hash = ?, role = COALESCE(?, role) WHERE name = ?")
                    .bind(0, passwordHash).bind(1, role == null ? null : role.word()).bind(2, name).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO users (name, password_hash, role, created) VALUES (?, ?, ?, ?)")
                        .bind(0, name).bind(1, passwordHash).bind(2, (role == null ? Role.ADMIN : role).word())
                        .bind(3, Instant.now()).execute();
            }
            return updated == 0;
        });
    }

    @Override
    public List<User> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, role, created FROM users ORDER BY name")
                .map((rs, ctx) -> new User(rs.getString("name"), Role.of(rs.getString("role")),
                        Columns.instant(rs, "created")))
                .list());
    }

    @Override
    public boolean remove(String name) {
        // sessions go with the user (ON DELETE CASCADE); the API tokens the user made are revoked with them
        return jdbi.inTransaction(h -> {
            refuseLastAdmin(h, name, "removed");
            h.createUpdate("DELETE FROM api_tokens WHERE owner = ?").bind(0, name).execute();
            return h.createUpdate("DELETE FROM users WHERE name = ?").bind(0, name).execute() == 1;
        });
    }

    /**
     * Refuses to take away the last admin, who alone can add users again. The admins' rows are locked first, so two
     * admins removing each other at once cannot both succeed.
     */
    private static void refuseLastAdmin(Handle h, String name, String change) {
        List<String> admins = h.createQuery("SELECT name FROM users WHERE role = 'admin' FOR UPDATE")
                .mapTo(String.class).list();
        if (admins.equals(List.of(name))) {
            throw new IllegalArgumentException("user '" + name + "' is the last admin and cannot be " + change
                    + ": make another user an admin first");
        }
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
