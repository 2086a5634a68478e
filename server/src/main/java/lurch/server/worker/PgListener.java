package lurch.server.worker;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * LISTEN on one PostgreSQL channel through a connection of its own (a pooled connection would lose it). A lost
 * connection is made again at the next wait; meanwhile waits just sleep, and the caller's slow poll covers what was
 * missed.
 */
final class PgListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PgListener.class.getName());
    private final String url;
    private final String user;
    private final String password;
    private final String channel;
    private Connection connection;

    PgListener(String url, String user, String password, String channel) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.channel = channel;
    }

    /**
     * Waits at most {@code patience} for notifications; answers their payloads (empty after the time, or at once when
     * some had arrived since the last wait).
     */
    synchronized List<String> await(Duration patience) throws InterruptedException {
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(url, user, password);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + channel);
                }
            }
            PGNotification[] notifications = connection.unwrap(PGConnection.class)
                    .getNotifications((int) Math.max(1, patience.toMillis()));
            List<String> payloads = new ArrayList<>();
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    payloads.add(notification.getParameter());
                }
            }
            return payloads;
        } catch (SQLException e) {
            LOG.log(Level.FINE, "LISTEN " + channel + " failed; polling until the database answers again", e);
            close();
            Thread.sleep(patience.toMillis());
            return List.of();
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(Level.FINE, "closing the LISTEN connection", e);
            }
            connection = null;
        }
    }
}
