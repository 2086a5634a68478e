package lurch.db;

import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserSessionAndHistoryTest {

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void usersAreAddedOnceAndTheirPasswordHashReplaced(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            assertFalse(db.users().any());
            assertTrue(db.users().put("ann", "hash1", null));
            assertFalse(db.users().put("ann", "hash2", null));
            assertTrue(db.users().any());
            assertEquals("hash2", db.users().passwordHash("ann").orElseThrow());
            assertTrue(db.users().passwordHash("bob").isEmpty());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void usersHaveARoleThatANewPasswordKeepsUnlessGivenAndAreRemovedWithTheirSessions(TestDatabase kind)
            throws Throwable {
        kind.with(db -> {
            db.users().put("ann", "hash", null);
            db.users().put("bob", "hash", Role.VIEWER);
            assertEquals(List.of("ann admin", "bob viewer"), roles(db));
            db.users().put("bob", "hash2", null);
            assertEquals(List.of("ann admin", "bob viewer"), roles(db), "a new password keeps the role");
            Instant now = Instant.parse("2026-01-01T10:00:00Z");
            db.sessions().create("bob-laptop", "bob", "c1", now.plusSeconds(60));
            assertEquals(Role.VIEWER, db.sessions().find("bob-laptop", now).orElseThrow().role());
            db.users().put("bob", "hash3", Role.ADMIN);
            assertEquals(Role.ADMIN, db.sessions().find("bob-laptop", now).orElseThrow().role(),
                    "a session has the user's role of now");
            db.users().put("ann", "hash2", Role.VIEWER);
            assertEquals(List.of("ann viewer", "bob admin"), roles(db));
            db.users().put("ann", "hash2", Role.ADMIN);
            assertTrue(db.tokens().add("bob-ci", "bob", Role.ADMIN, "bob-secret-token"));
            assertTrue(db.users().remove("bob"));
            assertFalse(db.users().remove("bob"));
            assertTrue(db.sessions().find("bob-laptop", now).isEmpty());
            assertTrue(db.tokens().find("bob-secret-token").isEmpty(), "a removed user's API tokens are revoked");
            assertEquals(List.of("ann admin"), roles(db));
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void theLastAdminCanBeNeitherRemovedNorMadeAViewer(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            db.users().put("ann", "hash", null);
            db.users().put("bob", "hash", Role.VIEWER);
            var demoted = assertThrows(IllegalArgumentException.class, () -> db.users().put("ann", "h", Role.VIEWER));
            assertEquals("user 'ann' is the last admin and cannot be made a viewer: make another user an admin first",
                    demoted.getMessage());
            assertThrows(IllegalArgumentException.class, () -> db.users().remove("ann"));
            assertTrue(db.users().remove("bob"), "a viewer goes");
            assertEquals(List.of("ann admin"), roles(db));
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void twoAdminsRemovingEachOtherAtOnceLeaveOne(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            for (int round = 0; round < 10; round++) {
                db.users().put("ann", "hash", Role.ADMIN);
                db.users().put("bob", "hash", Role.ADMIN);
                var removals = java.util.stream.Stream.of("ann", "bob")
                        .map(name -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                            try {
                                return db.users().remove(name);
                            } catch (IllegalArgumentException lastAdmin) {
                                return false;
                            }
                        })).toList();
                long removed = removals.stream().filter(java.util.concurrent.CompletableFuture::join).count();
                assertEquals(1, removed, "round " + round + ": " + roles(db));
                assertEquals(1, roles(db).size());
            }
        });
    }

    private static List<String> roles(Database db) {
        return db.users().list().stream().map(u -> u.name() + " " + u.role().word()).toList();
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void sessionsAreFoundByIdUntilTheyExpireOrAreDeleted(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            db.users().put("ann", "hash", null);
            Instant now = Instant.parse("2026-01-01T10:00:00Z");
            db.sessions().create("session-a", "ann", "csrf-a", now.plusSeconds(60));
            db.sessions().create("session-b", "ann", "csrf-b", now.minusSeconds(1));
            SessionStore.Session found = db.sessions().find("session-a", now).orElseThrow();
            assertEquals("ann", found.user());
            assertEquals("csrf-a", found.csrfToken());
            assertTrue(db.sessions().find("session-a", now.plusSeconds(61)).isEmpty());
            assertTrue(db.sessions().find("session-b", now).isEmpty());
            assertTrue(db.sessions().find("session-", now).isEmpty());
            assertEquals(1, db.sessions().deleteExpired(now));
            db.sessions().delete("session-a");
            assertTrue(db.sessions().find("session-a", now).isEmpty());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aNewPasswordCanEndEverySessionOfItsUserAndNoOthers(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            db.users().put("ann", "hash", null);
            db.users().put("bob", "hash", null);
            Instant now = Instant.parse("2026-01-01T10:00:00Z");
            db.sessions().create("ann-laptop", "ann", "c1", now.plusSeconds(60));
            db.sessions().create("ann-thief", "ann", "c2", now.plusSeconds(60));
            db.sessions().create("bob", "bob", "c3", now.plusSeconds(60));
            assertEquals(2, db.sessions().deleteAllOf("ann"));
            assertTrue(db.sessions().find("ann-thief", now).isEmpty());
            assertTrue(db.sessions().find("bob", now).isPresent());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void historySumsUsageOverEachTreeNewestFirst(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion version = Runs.program(db, "build");
            Run other = Runs.top(db, Runs.program(db, "other"));
            Run first = Runs.top(db, version);
            Run second = Runs.top(db, version);
            Run child = Runs.child(db, second, "0");
            Run grandchild = Runs.child(db, child, "0.0");
            Instant t = Instant.parse("2026-01-01T10:00:00Z");
            db.runs().markRunning(second.id(), t);
            db.runs().finish(grandchild.id(), RunStatus.SUCCESS, t, 0, 0, new Usage(1.5, 0.25, 1000));
            db.runs().finish(child.id(), RunStatus.SUCCESS, t, 0, 0, new Usage(0.5, 0.25, 3000));
            db.runs().finish(second.id(), RunStatus.FAILURE, t.plusSeconds(3), 2, 0, Usage.NONE);

            List<RunFigures> recent = db.history().recent("build", 10);
            assertEquals(List.of(second.id(), first.id()), recent.stream().map(RunFigures::id).toList());
            RunFigures newest = recent.getFirst();
            assertEquals(new Usage(2.0, 0.5, 3000), newest.usage());
            assertEquals(RunStatus.FAILURE, newest.status());
            assertEquals(3.0, newest.durationSeconds());
            assertEquals(List.of(second.id()), db.history().recent("build", 1).stream().map(RunFigures::id).toList());
            assertEquals(List.of(other.id()), db.history().recent("other", 5).stream().map(RunFigures::id).toList());
        });
    }
}
