package lurch.db;

import lurch.db.testing.FreshDatabase;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretAndTokenStoreTest {

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void secretsArePerProgramAndReplacedByName(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            SecretStore secrets = db.secrets();
            secrets.set("build", "TOKEN", "one");
            secrets.set("build", "KEY", "k");
            secrets.set("build", "TOKEN", "two");
            secrets.set("deploy", "TOKEN", "other");
            assertEquals(Map.of("TOKEN", "two", "KEY", "k"), secrets.of("build"));
            assertTrue(secrets.remove("build", "KEY"));
            assertFalse(secrets.remove("build", "KEY"));
            assertEquals(Map.of("TOKEN", "two"), secrets.of("build"));
            assertEquals(Map.of("TOKEN", "other"), secrets.of("deploy"));
            assertEquals(Map.of(), secrets.of("nothing"));
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void tokensIdentifyTheirClientAndAreNotStoredInPlain(TestDatabase kind) throws Exception {
        String plain = "lurch_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
        try (FreshDatabase fresh = kind.create()) {
            try (Database db = fresh.open()) {
                assertFalse(db.tokens().any());
                assertTrue(db.tokens().add("laptop", "ann", Role.ADMIN, plain));
                assertTrue(db.tokens().add("ci-bot", "bob", Role.VIEWER, "lurch_other"));
                assertFalse(db.tokens().add("laptop", "ann", Role.ADMIN, "lurch_third"), "names are unique");
                assertTrue(db.tokens().any());
                ApiToken laptop = db.tokens().find(plain).orElseThrow();
                assertEquals("laptop", laptop.name());
                assertEquals("ann", laptop.owner());
                assertNull(laptop.lastUsed());
                assertEquals(Role.ADMIN, laptop.role());
                assertEquals("bob", db.tokens().find("lurch_other").orElseThrow().owner());
                assertEquals(Role.VIEWER, db.tokens().find("lurch_other").orElseThrow().role());
                assertTrue(db.tokens().find("lurch_guess").isEmpty());
                assertTrue(db.tokens().find(plain.toUpperCase()).isEmpty());
                assertTrue(db.tokens().find("lurch_third").isEmpty());
            }
            assertFalse(tableText(fresh, "api_tokens").contains(plain));
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aRevokedTokenIsGoneAndAReplacedOneNoLongerWorks(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            db.tokens().add("laptop", "ann", Role.ADMIN, "lurch_laptop");
            db.tokens().replace("cli", "admin", "lurch_cli_1");
            db.tokens().replace("cli", "admin", "lurch_cli_2");
            assertTrue(db.tokens().find("lurch_cli_1").isEmpty(), "the replaced token is revoked");
            assertEquals("cli", db.tokens().find("lurch_cli_2").orElseThrow().name());
            assertEquals(Role.ADMIN, db.tokens().find("lurch_cli_2").orElseThrow().role());

            Instant used = Instant.parse("2026-12-01T10:15:30.123Z");
            db.tokens().used("laptop", used);
            assertEquals(List.of("cli", "laptop"), db.tokens().list().stream().map(ApiToken::name).toList());
            assertEquals(used, db.tokens().list().get(1).lastUsed());

            assertTrue(db.tokens().remove("laptop"));
            assertFalse(db.tokens().remove("laptop"));
            assertTrue(db.tokens().find("lurch_laptop").isEmpty());
        });
    }

    /** Every value of every row of a table, as text. */
    private static String tableText(FreshDatabase fresh, String table) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(fresh.url(), fresh.user(), fresh.password());
             ResultSet rows = connection.createStatement().executeQuery("SELECT * FROM " + table)) {
            while (rows.next()) {
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) text.append(rows.getString(i)).append('|');
            }
        }
        assertFalse(text.isEmpty(), "the table has rows");
        return text.toString();
    }
}
