package lurch.db.testing;

import lurch.db.Database;
import org.junit.jupiter.api.function.ThrowingConsumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The databases Lurch runs on, each a factory of fresh empty databases for tests. */
public enum TestDatabase {
    H2 {
        @Override
        public FreshDatabase create() {
            try {
                Path dir = Files.createTempDirectory("lurch-test-h2-");
                H2Template.copyTo(dir);
                return FreshDatabase.h2(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create an H2 test database", e);
            }
        }
    },
    POSTGRESQL {
        @Override
        public FreshDatabase create() {
            return PostgresServer.fromEnvironment().createDatabase();
        }
    };

    /** A new empty database; closing it deletes it. */
    public abstract FreshDatabase create();

    /** Runs {@code test} on a new, opened database, then closes and deletes it. */
    public void with(ThrowingConsumer<Database> test) throws Throwable {
        try (FreshDatabase fresh = create(); Database db = fresh.open()) {
            test.accept(db);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
