package lurch.db.testing;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

import java.util.stream.Stream;

/**
 * Test arguments for every database Lurch supports:
 * {@code @ParameterizedTest @MethodSource("lurch.db.testing.TestDatabases#both")} on a method taking a
 * {@link TestDatabase} {@code kind}, then {@code kind.with(db -> ...)} for an opened empty database, or
 * {@code try (FreshDatabase fresh = kind.create()) { fresh.url() ... }} for the JDBC url and credentials of one
 * (to start a whole server on it).
 * PostgreSQL is left out only when the environment sets {@code LURCH_TEST_PG=off}; otherwise a server that
 * cannot be reached fails the test rather than skipping it.
 */
public final class TestDatabases {

    private TestDatabases() {}

    public static Stream<Arguments> both() {
        return kinds().map(kind -> Arguments.of(Named.of(kind.toString(), kind)));
    }

    public static Stream<TestDatabase> kinds() {
        boolean postgresOff = "off".equalsIgnoreCase(System.getenv("LURCH_TEST_PG"));
        return postgresOff ? Stream.of(TestDatabase.H2) : Stream.of(TestDatabase.H2, TestDatabase.POSTGRESQL);
    }
}
