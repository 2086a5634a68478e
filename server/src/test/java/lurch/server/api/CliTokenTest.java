package lurch.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import lurch.db.Database;
import lurch.db.testing.FreshDatabase;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTokenTest {

    @Test
    void createsAPrivateValidTokenOnceAndReplacesAnInvalidOne(@TempDir Path home) throws Exception {
        try (FreshDatabase fresh = TestDatabase.H2.create(); Database db = fresh.open()) {
            String token = CliToken.ensure(home, db.tokens());
            Path file = home.resolve("cli-token");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(token, Files.readString(file).trim());
            assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
            assertEquals("admin", db.tokens().find(token).orElseThrow().owner());

            assertEquals(token, CliToken.ensure(home, db.tokens()), "a valid token is kept");

            Files.writeString(file, "stale\n");
            String renewed = CliToken.ensure(home, db.tokens());
            assertNotEquals("stale", renewed);
            assertEquals(renewed, Files.readString(file).trim());
            assertEquals("cli", db.tokens().find(renewed).orElseThrow().name());
            assertTrue(db.tokens().find(token).isEmpty(), "the lost file's token is revoked");
        }
    }
}
