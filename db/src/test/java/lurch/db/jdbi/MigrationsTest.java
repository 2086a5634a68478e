package lurch.db.jdbi;

import lurch.db.Database;
import lurch.db.LogLine;
import lurch.db.NewRun;
import lurch.db.Run;
import lurch.db.testing.FreshDatabase;
import lurch.db.testing.LineBlocks;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MigrationsTest {

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void anOlderDatabaseIsUpgradedInPlaceKeepingItsData(TestDatabase kind) throws Exception {
        try (FreshDatabase fresh = kind.create()) {
            String older = "older_" + System.nanoTime();
            // A fresh database is already current: make an older one beside it, in its own schema.
            try (Connection connection = DriverManager.getConnection(fresh.url(), fresh.user(), fresh.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + older);
            }
            String url = inSchema(fresh.url(), older);
            Migrations.run(url, fresh.user(), fresh.password(), "lurch/db/changelog/test-first-release.xml");
            long oldProgramId = 42;
            try (Connection connection = DriverManager.getConnection(url, fresh.user(), fresh.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO programs (id, name, created) VALUES (42, 'old', CURRENT_TIMESTAMP)");
            }

            try (Database db = Database.open(url, fresh.user(), fresh.password())) {
                var v2 = db.programs().saveVersion("old", "exec /bin/true", "ann");
                assertEquals(oldProgramId, v2.programId(), "the program stored before the upgrade is kept");
                Run run = db.runs().create(new NewRun(null, v2.id(), "", "exec", "exec /bin/true", "user:ann", "{}"));
                LogLine line = new LogLine(run.id(), 1, Instant.parse("2026-11-01T10:00:00Z"), LogLine.Stream.STDOUT, "hi");
                db.logs().append(LineBlocks.of(List.of(line)));
                assertEquals(List.of(line), db.logs().read(run.id(), 0, 10));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aCurrentSchemaSkipsLiquibaseAndAChangedOneRunsIt(TestDatabase kind) throws Exception {
        try (FreshDatabase fresh = kind.create()) {
            fresh.open().close();
            try (Connection connection = DriverManager.getConnection(fresh.url(), fresh.user(), fresh.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE databasechangeloglock");
            }
            fresh.open().close();
            assertEquals(false, tableExists(fresh, "databasechangeloglock"), "the stamp matched: Liquibase did not run");

            try (Connection connection = DriverManager.getConnection(fresh.url(), fresh.user(), fresh.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("UPDATE lurch_schema_stamp SET stamp = 'older'");
            }
            fresh.open().close();
            assertEquals(true, tableExists(fresh, "databasechangeloglock"), "a changed changelog runs Liquibase");
        }
    }

    private static boolean tableExists(FreshDatabase fresh, String table) throws Exception {
        try (Connection connection = DriverManager.getConnection(fresh.url(), fresh.user(), fresh.password());
             var tables = connection.getMetaData().getTables(null, null, null, new String[] {"TABLE"})) {
            while (tables.next()) {
                if (tables.getString("TABLE_NAME").equalsIgnoreCase(table)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String inSchema(String url, String schema) {
        return url.startsWith("jdbc:h2:") ? url + ";SCHEMA=" + schema.toUpperCase()
                : url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
