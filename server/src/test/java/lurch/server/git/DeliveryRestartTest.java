package lurch.server.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lurch.db.Database;
import lurch.db.Delivery;
import lurch.db.DeliveryOutcome;
import lurch.db.Repo;
import lurch.db.Run;
import lurch.db.testing.FreshDatabase;
import lurch.db.testing.TestDatabase;
import lurch.hooks.testing.TestRepo;
import lurch.server.Config;
import lurch.server.LurchServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Deliveries a server died while processing: built exactly once after the restart. */
class DeliveryRestartTest {

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aDeliveryWhoseBuildStartedBeforeTheCrashIsNotBuiltAgain(TestDatabase kind) throws Exception {
        Path home = Files.createTempDirectory("lurch-delivery-restart-");
        try (FreshDatabase fresh = kind.create(); Database db = fresh.open();
             TestRepo repo = TestRepo.create(home.resolve("remote"))) {
            String sha = repo.write(".lurch", "(no-op 0)\n").commit("a program");
            db.repos().add(new Repo("crash/app", repo.url(), "secret", null, null, false, Repo.PullRequests.APPROVE, null, null, null, true));
            Config config = Config.of(System.getenv(), Map.of("LURCH_HOME", home.resolve("data").toString(),
                    "LURCH_DB_URL", fresh.url(), "LURCH_DB_USER", fresh.user(), "LURCH_DB_PASSWORD", fresh.password(),
                    "LURCH_PORT", "0"));
            db.programs().saveVersion("crash/app", "(no-op 0)", "git:" + sha);
            long built;
            try (LurchServer before = LurchServer.start(config)) {
                built = before.engine().start(before.engine().latest("crash/app"), Map.of(), Map.of(), "webhook:d-42", null).id();
            }
            // The state a kill -9 leaves between starting a delivery's build and recording it: the run exists,
            // the delivery is still 'processing'.
            Delivery stored = db.deliveries().accept(new Delivery(0, "github", "d-42", "push", "crash/app",
                    "refs/heads/main", "main", sha, "ada", null, "a program", DeliveryOutcome.QUEUED, null, null,
                    null, null)).orElseThrow();
            db.deliveries().claim(stored.id());

            try (LurchServer after = LurchServer.start(config)) {
                GitServerFixture.await("the delivery settled",
                        () -> db.deliveries().get(stored.id()).orElseThrow().outcome() != DeliveryOutcome.PROCESSING);
                Thread.sleep(500); // a second build, were there one, would start now
                Delivery settled = db.deliveries().get(stored.id()).orElseThrow();
                assertEquals(DeliveryOutcome.STARTED, settled.outcome());
                assertEquals(built, settled.runId());
                List<Run> runs = db.runs().topRuns("crash/app", 10);
                assertEquals(List.of(built), runs.stream().map(Run::id).toList(), "built once");
            }
        }
    }
}
