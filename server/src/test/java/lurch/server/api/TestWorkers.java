package lurch.server.api;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Marks a run as run on a worker, as a worker's claim would: runs.worker is written by workers, not by any store. */
public final class TestWorkers {

    private TestWorkers() {}

    public static void ranOn(String url, String user, String password, long runId, String worker) {
        try (Connection sql = DriverManager.getConnection(url, user, password);
             PreparedStatement update = sql.prepareStatement("UPDATE runs SET worker = ? WHERE id = ?")) {
            update.setString(1, worker);
            update.setLong(2, runId);
            if (update.executeUpdate() != 1) throw new IllegalStateException("no run #" + runId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the worker of run #" + runId, e);
        }
    }
}
