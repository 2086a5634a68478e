package lurch.db;

import lurch.db.testing.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static lurch.db.Runs.child;
import static lurch.db.Runs.top;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgramStoreTest {

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aPullRequestsVersionNeverBecomesTheLatest(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramStore programs = db.programs();
            ProgramVersion main = programs.saveVersion("octo/app", "(no-op 1)", "git:main");
            ProgramVersion fork = programs.savePullRequestVersion("octo/app", "(no-op 666)", "git:fork");
            assertTrue(fork.pullRequest());
            assertEquals(2, fork.version());
            assertEquals(main, programs.latest("octo/app").orElseThrow());
            assertEquals(List.of(main), programs.versions("octo/app"));
            assertEquals(1, programs.list().getFirst().version(), "the program list shows the branch version");
            assertEquals(fork, programs.version(fork.id()).orElseThrow(), "its runs still find it");
            assertEquals(3, programs.saveVersion("octo/app", "(no-op 2)", "git:main").version());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void eachSaveIsTheNextVersionAndOldVersionsStay(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramStore programs = db.programs();
            ProgramVersion v1 = programs.saveVersion("build", "exec /bin/true", "ann");
            ProgramVersion v2 = programs.saveVersion("build", "exec /bin/false", "bob");
            ProgramVersion other = programs.saveVersion("deploy", "exec /bin/echo", "ann");

            assertEquals(1, v1.version());
            assertEquals(2, v2.version());
            assertEquals(1, other.version());
            assertEquals(v1.programId(), v2.programId());
            assertEquals(v2, programs.latest("build").orElseThrow());
            assertEquals(v1, programs.version(v1.id()).orElseThrow());
            assertEquals(List.of(v2, v1), programs.versions("build"));
            assertTrue(programs.latest("missing").isEmpty());
            assertTrue(programs.version(4242).isEmpty());
            assertEquals(List.of(), programs.versions("missing"));
            assertTrue(Instant.now().plusSeconds(1).isAfter(v1.created()));
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void concurrentSavesGetDistinctConsecutiveVersions(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
                List<Future<ProgramVersion>> saves = IntStream.range(0, 12).mapToObj(i -> threads.submit(() ->
                        db.programs().saveVersion("build", "exec /bin/echo " + i, "ann"))).toList();
                Set<Integer> numbers = new TreeSet<>();
                for (Future<ProgramVersion> save : saves) numbers.add(save.get().version());
                assertEquals(IntStream.rangeClosed(1, 12).boxed().toList(), List.copyOf(numbers));
            }
            assertEquals(12, db.programs().versions("build").size());
        });
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void listShowsLatestVersionAndLastTopRun(TestDatabase kind) throws Throwable {
        kind.with(db -> {
            ProgramVersion build = db.programs().saveVersion("build", "exec /bin/true", "ann");
            db.programs().saveVersion("build", "exec /bin/false", "ann");
            db.programs().saveVersion("idle", "exec /bin/true", "ann");
            top(db, build);
            Run last = top(db, build);
            child(db, last, "0");
            Instant started = Instant.parse("2026-11-01T10:00:00Z");
            db.runs().markRunning(last.id(), started);
            db.runs().finish(last.id(), RunStatus.FAILURE, started.plusSeconds(3), 2, 0, Usage.NONE);

            assertEquals(List.of(
                    new ProgramSummary("build", 2, last.id(), RunStatus.FAILURE, started, started.plusSeconds(3), 2),
                    new ProgramSummary("idle", 1, null, null, null, null, null)), db.programs().list());
        });
    }
}
