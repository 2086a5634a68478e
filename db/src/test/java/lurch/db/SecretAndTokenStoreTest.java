package lurch.db;

import lurch.db.testing.FreshDatabase;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void tokensIdentifyTheirOwnerAndAreNotStoredInPlain(TestDatabase kind) throws Exception {
        String plain = "lurch_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
        try (FreshDatabase fresh = kind.create()) {
            try (Database db = fresh.open()) {
                assertFalse(db.tokens().any());
                db.tokens().add("ann", plain);
                db.tokens().add("bob", "lurch_other");
                assertTrue(db.tokens().any());
                assertEquals("ann", db.tokens().ownerOf(plain).orElseThrow());
                assertEquals("bob", db.tokens().ownerOf("lurch_other").orElseThrow());
                assertTrue(db.tokens().ownerOf("lurch_guess").isEmpty());
                assertTrue(db.tokens().ownerOf(plain.toUpperCase()).isEmpty());
            }
            assertFalse(tableText(fresh, "api_tokens").contains(plain));
        }
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
