package lurch.db;

import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static lurch.db.Runs.child;
import static lurch.db.Runs.program;
import static lurch.db.Runs.top;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00.123Z");

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void runsFormATreeWithLineageAndTop(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion build = program(db, "build");
            Run root = top(db, build);
            Run a = child(db, root, "0");
            Run a1 = child(db, a, "0.0");
            Run b = child(db, root, "1");

            assertEquals("/" + root.id() + "/", root.lineage());
            assertEquals(root.id(), root.topId());
            assertTrue(root.isTop());
            assertEquals("/" + root.id() + "/" + a.id() + "/" + a1.id() + "/", a1.lineage());
            assertEquals(root.id(), a1.topId());
            assertEquals(a.id(), a1.parentId());
            assertEquals(RunStatus.WAITING, a1.status());
            assertEquals(WaitingFor.START, a1.waitingFor());
            assertEquals("build", a1.programName());

            assertEquals(a1, db.runs().get(a1.id()).orElseThrow(), "create returns what is stored");
            assertEquals(List.of(root, a, a1, b), db.runs().subtree(root.id()));
            assertEquals(List.of(a, a1), db.runs().subtree(a.id()));
            assertEquals(List.of(root, a), db.runs().subtree(root.id(), 0, 2), "a page of a big tree");
            assertEquals(List.of(a1, b), db.runs().subtree(root.id(), a.id(), 2), "the next page");
            assertEquals(List.of(a1), db.runs().subtree(a.id(), a.id(), 10), "only the subtree asked for");
            assertEquals(List.of(a, b), db.runs().children(root.id()));
            assertTrue(db.runs().get(9999).isEmpty());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aRunCreatedStartedIsRunningFromItsCreation(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion build = program(db, "build");
            Run root = top(db, build);
            Run started = db.runs().createStarted(new NewRun(root.id(), build.id(), "0", "exec", "exec /bin/true", null, "{}"));
            assertEquals(RunStatus.RUNNING, started.status());
            assertEquals(null, started.waitingFor());
            assertEquals(started.created(), started.started());
            assertEquals(started, db.runs().get(started.id()).orElseThrow(), "createStarted returns what is stored");
            assertEquals(List.of(started), db.runs().unfinished().stream().filter(r -> !r.isTop()).toList());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aChildsEndAndTheNextOnesStartAreStoredTogetherOrNotAtAll(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion build = program(db, "build");
            Run root = top(db, build);
            Run first = db.runs().createStarted(new NewRun(root.id(), build.id(), "0", "exec", "exec /bin/true", null, "{}"), 0);
            Usage used = new Usage(0.25, 0.5, 4096);
            Run second = db.runs().finishThenStart(first.id(), RunStatus.SUCCESS, Instant.now(), 0, 0, used,
                    new NewRun(root.id(), build.id(), "1", "exec", "exec /bin/false", null, "{}"), 1).orElseThrow();
            Run ended = db.runs().get(first.id()).orElseThrow();
            assertEquals(RunStatus.SUCCESS, ended.status());
            assertEquals(used, ended.usage());
            assertEquals(second, db.runs().get(second.id()).orElseThrow(), "finishThenStart returns what is stored");
            assertEquals(RunStatus.RUNNING, second.status());
            assertEquals(1, db.runs().get(root.id()).orElseThrow().progress());

            assertTrue(db.runs().finishThenStart(first.id(), RunStatus.FAILURE, Instant.now(), 1, 0, Usage.NONE,
                    new NewRun(root.id(), build.id(), "2", "exec", "exec /bin/true", null, "{}"), 2).isEmpty(),
                    "a run that has ended already starts nothing");
            assertEquals(RunStatus.SUCCESS, db.runs().get(first.id()).orElseThrow().status());
            assertEquals(List.of(first.id(), second.id()), db.runs().children(root.id()).stream().map(Run::id).toList());
            assertEquals(1, db.runs().get(root.id()).orElseThrow().progress());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void creatingUnderAMissingParentOrVersionNamesIt(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion build = program(db, "build");
            var noParent = assertThrows(IllegalArgumentException.class, () -> db.runs().create(
                    new NewRun(4242L, build.id(), "0", "exec", "x", null, "{}")));
            assertTrue(noParent.getMessage().contains("parent run 4242"), noParent.getMessage());
            var noVersion = assertThrows(IllegalArgumentException.class, () -> db.runs().create(
                    new NewRun(null, 777, "", "exec", "x", null, "{}")));
            assertTrue(noVersion.getMessage().contains("program version 777"), noVersion.getMessage());
        });
    }

    /**
     * A git build's run and the data that says what to check out are stored together or not at all: a restart
     * that found the run without its data began it on an empty workspace (seen once by reliability/run).
     */
    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aTopRunIsStoredWithItsDataOrNotAtAll(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion build = program(db, "build");
            NewRun top = new NewRun(null, build.id(), "", "seq", "seq", "webhook:d-2", "{\"vars\":{}}");
            Map<String, String> data = new java.util.LinkedHashMap<>();
            data.put("git_repo", "acme/app");
            data.put("x".repeat(201), "a name longer than the column takes: the insert of the data fails");
            assertThrows(RuntimeException.class, () -> db.runs().create(top, data));
            assertEquals(List.of(), db.runs().topRuns("build", 10), "no run without its data");
            Run stored = db.runs().create(top, Map.of("git_repo", "acme/app", "git_commit", "0123abc"));
            assertEquals(Map.of("git_repo", "acme/app", "git_commit", "0123abc"), db.runs().data(stored.id()));
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void topRunsAreNewestFirstPerProgram(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion build = program(db, "build");
            ProgramVersion deploy = program(db, "deploy");
            Run b1 = top(db, build);
            child(db, b1, "0");
            Run d1 = top(db, deploy);
            Run b2 = top(db, build);

            assertEquals(List.of(b2, b1), db.runs().topRuns("build", 10));
            assertEquals(List.of(b2), db.runs().topRuns("build", 1));
            assertEquals(List.of(b2, d1, b1), db.runs().topRuns(null, 10));
            assertEquals(List.of(), db.runs().topRuns("nothing", 10));
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void theFirstTopRunOfACreatorIsFoundSoThatARestartDoesNotBuildADeliveryTwice(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion build = program(db, "build");
            Run first = db.runs().create(new NewRun(null, build.id(), "", "seq", "seq", "webhook:d-1", "{\"vars\":{}}"));
            db.runs().create(new NewRun(null, build.id(), "", "seq", "seq", "webhook:d-1", "{\"vars\":{}}"));
            top(db, build);

            assertEquals(first.id(), db.runs().firstTopRunBy("webhook:d-1").orElseThrow().id());
            assertTrue(db.runs().firstTopRunBy("webhook:d-2").isEmpty());
            assertTrue(db.runs().firstTopRunBy("webhook:%").isEmpty(), "the creator is matched as it is, not as a pattern");
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void stateChangesShowInUnfinishedAndWaitingForPeople(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run root = top(db, program(db, "build"));
            Run approve = child(db, root, "0");
            Run timer = child(db, root, "1");
            Run done = child(db, root, "2");
            RunStore runs = db.runs();
            runs.markRunning(root.id(), T0);
            runs.markWaiting(approve.id(), WaitingFor.APPROVAL, T0.plusSeconds(60));
            runs.markWaiting(timer.id(), WaitingFor.TIMER, T0.plusSeconds(5));
            runs.markRunning(done.id(), T0);
            runs.saveProgress(root.id(), 3);
            assertTrue(runs.finish(done.id(), RunStatus.SUCCESS, T0.plusSeconds(1), 0, 0, Usage.NONE));

            assertEquals(List.of(root.id(), approve.id(), timer.id()),
                    runs.unfinished().stream().map(Run::id).toList());
            List<Run> people = runs.waitingForPeople();
            assertEquals(List.of(approve.id()), people.stream().map(Run::id).toList());
            assertEquals(T0.plusSeconds(60), people.getFirst().wakeAt());
            Run running = runs.get(root.id()).orElseThrow();
            assertEquals(RunStatus.RUNNING, running.status());
            assertEquals(T0, running.started());
            assertEquals(3, running.progress());
            assertNull(running.waitingFor());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void resumingAfterAWaitKeepsTheFirstStart(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run run = top(db, program(db, "build"));
            db.runs().markRunning(run.id(), T0);
            db.runs().markWaiting(run.id(), WaitingFor.PROCESS_SLOT, null);
            db.runs().markRunning(run.id(), T0.plusSeconds(30));
            assertEquals(T0, db.runs().get(run.id()).orElseThrow().started());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void finishHappensOnceAndAnEndedRunStaysEnded(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run run = top(db, program(db, "build"));
            RunStore runs = db.runs();
            runs.markRunning(run.id(), T0);
            Usage usage = new Usage(1.5, 0.25, 1 << 20);
            assertTrue(runs.finish(run.id(), RunStatus.FAILURE, T0.plusSeconds(2), 3, 1, usage));
            assertFalse(runs.finish(run.id(), RunStatus.CANCELLED, T0.plusSeconds(9), 137, 0, Usage.NONE));
            runs.markRunning(run.id(), T0.plusSeconds(10));
            runs.markWaiting(run.id(), WaitingFor.TIMER, T0.plusSeconds(11));

            Run ended = runs.get(run.id()).orElseThrow();
            assertEquals(RunStatus.FAILURE, ended.status());
            assertEquals(T0.plusSeconds(2), ended.stopped());
            assertEquals(3, ended.exitCode());
            assertEquals(1, ended.breakLevels());
            assertEquals(usage, ended.usage());
            assertNull(ended.waitingFor());
            assertTrue(runs.unfinished().isEmpty());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void concurrentFinishesHaveExactlyOneWinner(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run run = top(db, program(db, "build"));
            db.runs().markRunning(run.id(), T0);
            try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
                List<Future<Boolean>> attempts = IntStream.range(0, 8).mapToObj(i -> threads.submit(() ->
                        db.runs().finish(run.id(), i % 2 == 0 ? RunStatus.SUCCESS : RunStatus.CANCELLED,
                                T0.plusSeconds(i), i, 0, Usage.NONE))).toList();
                long winners = 0;
                for (Future<Boolean> attempt : attempts) if (attempt.get()) winners++;
                assertEquals(1, winners);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void finishRejectsAStatusThatIsNotFinal(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            Run run = top(db, program(db, "build"));
            var error = assertThrows(IllegalArgumentException.class,
                    () -> db.runs().finish(run.id(), RunStatus.RUNNING, T0, 0, 0, Usage.NONE));
            assertTrue(error.getMessage().contains("running"), error.getMessage());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void runDataIsPerTopRunAndReplacedByKey(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion build = program(db, "build");
            Run one = top(db, build);
            Run two = top(db, build);
            db.runs().putData(one.id(), "git_author", "ann");
            db.runs().putData(one.id(), "git_commit", "abc");
            db.runs().putData(one.id(), "git_author", "bob");
            db.runs().putData(two.id(), "git_author", "cy");
            assertEquals(Map.of("git_author", "bob", "git_commit", "abc"), db.runs().data(one.id()));
            assertEquals(Map.of("git_author", "cy"), db.runs().data(two.id()));
            assertEquals(Map.of(), db.runs().data(4242));
        });
    }
}
