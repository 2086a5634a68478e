package lurch.db;

import static lurch.db.Runs.child;
import static lurch.db.Runs.program;
import static lurch.db.Runs.top;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import lurch.db.testing.LineBlocks;
import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RetentionStoreTest {

    private static final Instant NOW = Instant.now();
    private static final Usage NONE = new Usage(0, 0, 0);

    private static Run ended(Database db, ProgramVersion version, RunStatus status) {
        Run run = top(db, version);
        db.runs().markRunning(run.id(), NOW);
        db.runs().finish(run.id(), status, NOW, status == RunStatus.SUCCESS ? 0 : 1, 0, NONE);
        return run;
    }

    private static List<Long> expiredIds(Database db, int keepRuns, Instant before) {
        return db.retention().expired(keepRuns, before, 100).stream().map(RetentionStore.Expired::id).toList();
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void olderRunsExpireButNeverRunningWaitingOrTheNewestSuccess(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion build = program(db, "build");
            Run success = ended(db, build, RunStatus.SUCCESS);
            Run oldFailure = ended(db, build, RunStatus.FAILURE);
            Run waiting = top(db, build);
            Run running = top(db, build);
            db.runs().markRunning(running.id(), NOW);
            Run newest = ended(db, build, RunStatus.CANCELLED);
            ProgramVersion other = program(db, "other");
            Run otherRun = ended(db, other, RunStatus.FAILURE);

            Instant longAgo = NOW.minus(1, ChronoUnit.DAYS);
            assertEquals(List.of(oldFailure.id()), expiredIds(db, 1, longAgo),
                    "past the newest run: the old failure, but neither the newest success nor running or waiting runs");
            assertEquals(List.of(), expiredIds(db, 10, longAgo));
            assertEquals(List.of(oldFailure.id(), newest.id(), otherRun.id()), expiredIds(db, 10, NOW.plusSeconds(60)),
                    "by age: every ended run but each program's newest success");
            assertFalse(db.retention().deleteTree(waiting.id(), 10), "a waiting run is never deleted");
            assertFalse(db.retention().deleteTree(running.id(), 10), "a running run is never deleted");
            assertTrue(db.runs().get(success.id()).isPresent());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aTreeIsDeletedWithEverythingStoredForIt(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion build = program(db, "build");
            Run root = top(db, build);
            Run keep = top(db, build);
            Run a = child(db, root, "0");
            Run a1 = child(db, a, "0.0");
            Run b = child(db, root, "1");
            for (Run run : List.of(root, keep)) {
                db.logs().append(LineBlocks.of(List.of(new LogLine(run.id(), 1, NOW, LogLine.Stream.STDOUT, "one"))));
                db.runs().putData(run.id(), "git_commit", "abc");
                db.artifacts().record(run.id(), List.of(new Artifact("a.txt", 1)));
            }
            for (long seq = 2; seq < 30; seq++) { // more log chunks than one batch
                db.logs().append(LineBlocks.of(List.of(new LogLine(a1.id(), seq, NOW, LogLine.Stream.STDOUT, "line " + seq))));
            }
            db.prompts().open(new Prompt(b.id(), Prompt.Kind.ANSWER, "v", "which?", "1", null, NOW, null, null, null, null));
            Delivery delivery = db.deliveries().accept(new Delivery(0, "github", "d-1", "push", "octo/app", "refs/heads/main",
                    "main", "a".repeat(40), "Ada", null, "fix", DeliveryOutcome.QUEUED, null, null, null, null)).orElseThrow();
            db.deliveries().finish(delivery.id(), DeliveryOutcome.STARTED, root.id(), null);
            for (Run run : List.of(a1, a, b, root)) {
                db.runs().finish(run.id(), RunStatus.FAILURE, NOW, 1, 0, NONE);
            }

            assertTrue(db.retention().deleteTree(root.id(), 2));

            for (Run run : List.of(root, a, a1, b)) {
                assertTrue(db.runs().get(run.id()).isEmpty(), "run #" + run.id() + " is gone");
            }
            assertEquals(List.of(), db.logs().read(root.id(), 0, 1000));
            assertEquals(java.util.Map.of(), db.runs().data(root.id()));
            assertEquals(List.of(), db.artifacts().of(root.id()));
            assertTrue(db.prompts().get(b.id()).isEmpty());
            assertTrue(db.deliveries().get(delivery.id()).isEmpty());
            assertEquals(1, db.logs().read(keep.id(), 0, 1000).size(), "another tree keeps its rows");
            assertEquals(List.of(new Artifact("a.txt", 1)), db.artifacts().of(keep.id()));
        });
    }
}
