package lurch.db;

import lurch.db.testing.FreshDatabase;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseTest {

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void reopeningKeepsTheDataAndMigratesNothingTwice(TestDatabase kind) {
        try (FreshDatabase fresh = kind.create()) {
            long versionId;
            try (Database db = fresh.open()) {
                assertEquals(kind.toString(), db.kind());
                assertTrue(db.ping());
                versionId = db.programs().saveVersion("build", "exec /bin/true", "ann").id();
                db.secrets().set("build", "KEY", "s3cret");
            }
            try (Database db = fresh.open()) {
                assertEquals("exec /bin/true", db.programs().version(versionId).orElseThrow().source());
                assertEquals("s3cret", db.secrets().of("build").get("KEY"));
                assertEquals(2, db.programs().saveVersion("build", "exec /bin/false", "bob").version());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void pingFailsOnceClosed(TestDatabase kind) {
        try (FreshDatabase fresh = kind.create()) {
            Database db = fresh.open();
            db.close();
            assertFalse(db.ping());
        }
    }

    @Test
    void anUnsupportedUrlIsNamedInTheError() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> Database.open("jdbc:mysql://localhost/lurch", "u", "p"));
        assertTrue(error.getMessage().contains("jdbc:mysql://localhost/lurch"), error.getMessage());
    }

    @Test
    void anUnreachableDatabaseIsNamedInTheError() {
        var error = assertThrows(DatabaseException.class,
                () -> Database.open("jdbc:postgresql://127.0.0.1:1/nowhere", "u", "p"));
        assertTrue(error.getMessage().contains("127.0.0.1:1/nowhere"), error.getMessage());
    }

    @Test
    void theDefaultH2UrlIsAFileUnderTheDirectoryInPostgresMode() {
        String url = Database.h2Url(Path.of("/var/lurch/db"));
        assertTrue(url.startsWith("jdbc:h2:file:/var/lurch/db/"), url);
        assertTrue(url.contains("MODE=PostgreSQL"), url);
        assertFalse(url.contains("AUTO_SERVER=TRUE"), url);
    }

    /**
     * Each commit writes a new chunk of the pages it changed, and most chunks keep a live page or two: without the
     * rewrite of such chunks the file grew by ~6 KB every step (H2's own rewrite does not run when commits are written
     * at once). A retention time of 0.1 s instead of H2's 45 s, so that chunks are old enough to be rewritten at once.
     * With the rewrite the file grew by 7.5-8.6 MiB in these steps (the rows themselves, and chunks not yet rewritten),
     * without it by 41 MiB.
     */
    @Test
    void anH2FileDoesNotGrowByEveryCommit() throws Exception {
        try (FreshDatabase fresh = TestDatabase.H2.create();
             Database db = Database.open(fresh.url() + ";RETENTION_TIME=100", fresh.user(), fresh.password())) {
            Path file = Path.of(fresh.url().substring("jdbc:h2:file:".length(), fresh.url().indexOf(';')) + ".mv.db");
            ProgramVersion version = Runs.program(db, "build");
            Run sequence = db.runs().createStarted(new NewRun(Runs.top(db, version).id(), version.id(), "0", "sequence",
                    "sequence", null, "{}"), 0);
            long exec = db.runs().createStarted(new NewRun(sequence.id(), version.id(), "0.0", "exec", "exec", null,
                    "{}"), 0).id();
            long before = 0;
            for (int next = 1; next <= 12_000; next++) {
                if (next == 4_001) {
                    before = Files.size(file);
                }
                exec = db.runs().finishThenStart(exec, RunStatus.SUCCESS, Instant.now(), 0, 0, Usage.NONE,
                        new NewRun(sequence.id(), version.id(), "0." + next, "exec", "exec", null, "{}"), next)
                        .orElseThrow().id();
            }
            long grown = Files.size(file) - before;
            assertTrue(grown < 16_000 * 1024, "the file grew by " + grown / 1024 + " KiB in 8,000 steps");
        }
    }

    /** An H2 database in memory has no file: its housekeeping once stopped every such database from opening. */
    @Test
    void anH2DatabaseInMemoryOpensAndStoresRuns() {
        String url = Database.h2Url(Path.of("unused")).replaceFirst("^jdbc:h2:file:[^;]*", "jdbc:h2:mem:lurch-test");
        try (Database db = Database.open(url, "sa", "")) {
            ProgramVersion version = Runs.program(db, "build");
            Run top = Runs.top(db, version);
            assertEquals("seq", db.runs().get(top.id()).orElseThrow().label());
        }
    }

    @Test
    void anH2CommitIsWrittenBeforeItReturns() throws SQLException {
        try (FreshDatabase fresh = TestDatabase.H2.create(); Database db = fresh.open();
             Connection c = DriverManager.getConnection(fresh.url(), fresh.user(), fresh.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertTrue(rs.next());
            assertEquals("0", rs.getString(1), "H2 keeps commits in memory for this many ms");
        }
    }

    @Test
    void anH2StoreClosedUnderLurchIsAFailureForGoodEvenWhenTheFileOpensAgain() throws SQLException {
        try (FreshDatabase fresh = TestDatabase.H2.create(); Database db = fresh.open()) {
            db.programs().saveVersion("build", "exec /bin/true", "ann");
            assertTrue(db.failure().isEmpty());
            try (Connection c = DriverManager.getConnection(fresh.url(), fresh.user(), fresh.password())) {
                c.createStatement().execute("SHUTDOWN IMMEDIATELY"); // what a panicked store does to its users
            }
            assertThrows(RuntimeException.class, () -> {
                for (int i = 0; i < 20; i++) { // each pooled connection learns it on its next statement
                    db.programs().saveVersion("build", "exec /bin/false", "ann");
                }
            });
            assertTrue(db.failure().orElseThrow().startsWith("the H2 database"), db.failure().toString());
            assertFalse(db.ping(), "a new connection reopens the file, but what was written meanwhile may be gone");
        }
    }
}
