package lurch.db.jdbi;

import java.time.Instant;
import java.util.List;
import lurch.db.Notification;
import lurch.db.NotificationStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Notifications in table notifications. */
public final class JdbiNotificationStore implements NotificationStore {

    private static final RowMapper<Notification> NOTIFICATION = (rs, ctx) -> new Notification(
            rs.getString("program"), rs.getString("url"), rs.getString("secret"),
            Notification.On.ofName(rs.getString("send_on")), Columns.instant(rs, "created"));

    private final Jdbi jdbi;

    public JdbiNotificationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean add(Notification n) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO notifications (program, url, secret, send_on, created)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .bind(0, n.program()).bind(1, n.url()).bind(2, n.secret()).bind(3, n.on().dbName())
                .bind(4, TimeMapping.stored(n.created() == null ? Instant.now() : n.created()))
                .execute() == 1);
    }

    @Override
    public List<Notification> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM notifications ORDER BY program, url")
                .map(NOTIFICATION).list());
    }

    @Override
    public List<Notification> of(String program) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM notifications WHERE program = ? ORDER BY url")
                .bind(0, program).map(NOTIFICATION).list());
    }

    @Override
    public boolean remove(String program, String url) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM notifications WHERE program = ? AND url = ?")
                .bind(0, program).bind(1, url).execute() == 1);
    }
}
