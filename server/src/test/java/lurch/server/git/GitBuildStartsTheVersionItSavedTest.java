package lurch.server.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lurch.db.Database;
import lurch.db.ProgramStore;
import lurch.db.ProgramSummary;
import lurch.db.ProgramVersion;
import lurch.db.Repo;
import lurch.db.Run;
import lurch.db.testing.FreshDatabase;
import lurch.db.testing.TestDatabase;
import lurch.hooks.git.GitMirrors;
import lurch.hooks.status.StatusReporter;
import lurch.hooks.testing.TestRepo;
import lurch.server.api.FakeRunControl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A git build saves the commit's program, then starts a run: the run is of the version the build saved, even when
 * someone saves another version of the program (in the web editor, through the API) in between.
 */
class GitBuildStartsTheVersionItSavedTest {

    /** A program store where a person saves {@code (no-op 9)} right after each version a git build saves. */
    private record EditedMeanwhile(ProgramStore store) implements ProgramStore {
        static final String MEDDLED = "(no-op 9)";

        @Override
        public ProgramVersion saveVersion(String name, String source, String author) {
            ProgramVersion saved = store.saveVersion(name, source, author);
            if (author.startsWith("git:")) {
                store.saveVersion(name, MEDDLED, "user:meddler");
            }
            return saved;
        }

        @Override
        public ProgramVersion savePullRequestVersion(String name, String source, String author) {
            return store.savePullRequestVersion(name, source, author);
        }

        @Override
        public Optional<ProgramVersion> latest(String name) {
            return store.latest(name);
        }

        @Override
        public Optional<ProgramVersion> version(long versionId) {
            return store.version(versionId);
        }

        @Override
        public List<ProgramVersion> versions(String name) {
            return store.versions(name);
        }

        @Override
        public List<ProgramSummary> list() {
            return store.list();
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aRunStartedRightAfterASaveIsOfTheSavedVersion(TestDatabase kind) throws Exception {
        Path home = Files.createTempDirectory("lurch-git-version-test-");
        try (FreshDatabase fresh = kind.create(); Database db = fresh.open();
             TestRepo repo = TestRepo.create(home.resolve("remote"))) {
            String sha = repo.write(GitBuilds.PROGRAM_FILE, "(no-op 0)\n").commit("the program");
            db.repos().add(new Repo("team/app", repo.url(), "secret", null, null, false, Repo.PullRequests.APPROVE,
                    null, null, null, true));
            ProgramStore programs = new EditedMeanwhile(db.programs());
            FakeRunControl control = new FakeRunControl(programs, db.runs());
            RepoRegistry repos = new RepoRegistry(db.repos());
            GitBuilds builds = new GitBuilds(repos, new GitMirrors(home.resolve("git")), programs, db.runs(), control,
                    new CommitStatuses(new StatusReporter(), repos, db.runs(), control,
                            new CommitStatuses.Urls(Map.of(), "https://ci.example.com")));

            var started = assertInstanceOf(BuildOutcome.Started.class,
                    builds.build(new BuildRequest("team/app", sha, null, null, "user:test", null)));

            Run run = db.runs().get(started.runId()).orElseThrow();
            assertEquals(EditedMeanwhile.MEDDLED, db.programs().latest("team/app").orElseThrow().source(),
                    "another version was saved between the build's save and its start");
            assertEquals("(no-op 0)", db.programs().version(run.programVersionId()).orElseThrow().source().strip(),
                    "the run is of the commit's program");
            assertEquals("git:" + sha, db.programs().version(run.programVersionId()).orElseThrow().author());
        }
    }
}
