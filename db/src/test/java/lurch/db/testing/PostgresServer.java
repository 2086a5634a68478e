package lurch.db.testing;

import lurch.db.Database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.UUID;

/**
 * The PostgreSQL server tests create their databases on: {@code LURCH_TEST_PG_URL} (default the local
 * server's postgres database), {@code LURCH_TEST_PG_USER} (default postgres), {@code LURCH_TEST_PG_PASSWORD}.
 */
record PostgresServer(String adminUrl, String user, String password) {

    static PostgresServer fromEnvironment() {
        return new PostgresServer(
                Objects.requireNonNullElse(System.getenv("LURCH_TEST_PG_URL"), "jdbc:postgresql://127.0.0.1:5432/postgres"),
                Objects.requireNonNullElse(System.getenv("LURCH_TEST_PG_USER"), "postgres"),
                Objects.requireNonNullElse(System.getenv("LURCH_TEST_PG_PASSWORD"), ""));
    }

    /** Databases are copied from one migrated in this JVM: a copy takes far less time than migrating. */
    private static String template;

    FreshDatabase createDatabase() {
        String name = newName();
        execute("CREATE DATABASE " + name + " TEMPLATE " + template());
        return new FreshDatabase(urlOf(name), user, password, () -> drop(name));
    }

    private synchronized String template() {
        if (template == null) {
            String name = newName() + "_template";
            execute("CREATE DATABASE " + name);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(name)));
            Database.open(urlOf(name), user, password).close();
            template = name;
        }
        return template;
    }

    private static String newName() {
        return "lurch_test_" + UUID.randomUUID().toString().replace("-", "");
    }

    private void drop(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** The admin URL with its database name replaced, keeping host, port and parameters. */
    private String urlOf(String database) {
        int hostStart = adminUrl.indexOf("//") + 2;
        int pathStart = adminUrl.indexOf('/', hostStart);
        int query = adminUrl.indexOf('?', hostStart);
        String host = adminUrl.substring(0, pathStart < 0 ? (query < 0 ? adminUrl.length() : query) : pathStart);
        return host + "/" + database + (query < 0 ? "" : adminUrl.substring(query));
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + adminUrl + " (user " + user + ") failed '" + sql
                    + "': " + e.getMessage() + " (set LURCH_TEST_PG=off to test on H2 only)", e);
        }
    }
}
