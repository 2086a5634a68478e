package lurch.server.git;

import static lurch.server.git.GitServerFixture.CAT_HELLO;
import static lurch.server.git.GitServerFixture.SECRET;
import static lurch.server.git.GitServerFixture.await;
import static lurch.server.git.GitServerFixture.gitHubPush;
import static lurch.server.git.GitServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lurch.db.Delivery;
import lurch.db.DeliveryOutcome;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.testing.TestDatabase;
import lurch.hooks.testing.SignedDelivery;
import lurch.hooks.testing.StatusRequest;
import lurch.hooks.webhook.Forge;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** GitHub pushes over HTTP to a real server: build, statuses, replays, signatures, bad programs. */
class GitHubBuildsTest {
    private static final String REPO = "octo/hello";

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aSignedPushBuildsTheCommitAndReportsPendingThenSuccess(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(REPO, Forge.GITHUB);
            String sha = f.repo.write("hello.txt", "hello from the checkout\n").write(".lurch", CAT_HELLO).commit("first");
            SignedDelivery push = SignedDelivery.gitHub("push", SECRET, gitHubPush(REPO, sha));

            long started = System.nanoTime();
            HttpResponse<String> answer = f.post("/hooks/github", push);
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1), "answered within a second");
            assertEquals(202, answer.statusCode(), answer.body());

            Delivery delivery = await("the delivery to start a run", () -> f.db.deliveries().recent(REPO, 1).getFirst(),
                    d -> d.outcome() != DeliveryOutcome.QUEUED && d.outcome() != DeliveryOutcome.PROCESSING);
            assertEquals(DeliveryOutcome.STARTED, delivery.outcome(), delivery.message());
            Run run = f.server.engine().whenFinished(delivery.runId()).get(30, TimeUnit.SECONDS);
            assertEquals(RunStatus.SUCCESS, run.status(), () -> String.join("\n", f.logTexts(run.id())));
            assertEquals(REPO, run.programName());
            assertTrue(f.logTexts(run.id()).contains("hello from the checkout"), () -> f.logTexts(run.id()).toString());
            Map<String, String> data = f.db.runs().data(run.id());
            assertEquals(sha, data.get("git_commit"));
            assertEquals("main", data.get("git_branch"));
            assertEquals("refs/heads/main", data.get("git_ref"));
            assertEquals("Ada Lovelace", data.get("git_author"));
            assertEquals("first", data.get("git_message"));

            List<StatusRequest> statuses = await("pending and success statuses", f.github::accepted, s -> s.size() >= 2);
            assertEquals(List.of("pending", "success"), statuses.stream().map(s -> s.field("state")).toList());
            for (StatusRequest status : statuses) {
                assertEquals(REPO, status.repo());
                assertEquals(sha, status.sha());
                assertEquals("https://ci.example.com/runs/" + run.id(), status.field("target_url"));
                assertEquals("lurch/" + REPO, status.field("context"));
            }
            await("the status answers in the run's log", () -> f.logTexts(run.id()).stream()
                    .filter(line -> line.startsWith("Commit status:") && line.contains("answered 201")).count() == 2);

            HttpResponse<String> replay = f.post("/hooks/github", push);
            assertEquals(200, replay.statusCode(), replay.body());
            assertTrue(json(replay).path("message").asText().contains("received before"));
            Thread.sleep(300);
            assertEquals(1, f.db.runs().topRuns(REPO, 10).size(), "a replayed delivery starts nothing");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void badDeliveriesAreRefusedAndStoreNothing(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(REPO, Forge.GITHUB);
            String sha = f.repo.write("hello.txt", "x").write(".lurch", CAT_HELLO).commit("first");

            HttpResponse<String> forged = f.post("/hooks/github",
                    SignedDelivery.gitHub("push", "not-the-secret", gitHubPush(REPO, sha)));
            assertEquals(401, forged.statusCode());
            HttpResponse<String> unknown = f.post("/hooks/github",
                    SignedDelivery.gitHub("push", SECRET, gitHubPush("someone/else", sha)));
            assertEquals(401, unknown.statusCode());
            assertEquals(forged.body(), unknown.body(), "an unknown repository looks like a wrong signature");
            HttpResponse<String> malformed = f.post("/hooks/github",
                    SignedDelivery.gitHub("push", SECRET, "{\"ref\": ".getBytes()));
            assertEquals(400, malformed.statusCode());
            assertTrue(json(malformed).path("error").asText().contains("not valid JSON"), malformed.body());
            HttpResponse<String> unsupported = f.post("/hooks/github",
                    SignedDelivery.gitHub("issues", SECRET, "{}".getBytes()));
            assertEquals(202, unsupported.statusCode());

            assertEquals(List.of(), f.db.deliveries().recent(null, 10));
            assertEquals(List.of(), f.db.runs().topRuns(null, 10));
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void anInvalidLurchFailsARunWithLineAndColumnAndAMissingOneIsSkipped(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(REPO, Forge.GITHUB);
            String bad = f.repo.write(".lurch", "(sequence\n  (no-op 1)\n  (frobnicate))\n").commit("bad program");
            assertEquals(202, f.post("/hooks/github", SignedDelivery.gitHub("push", SECRET, gitHubPush(REPO, bad)))
                    .statusCode());
            Delivery failed = await("the invalid program's delivery", () -> f.db.deliveries().recent(REPO, 1).getFirst(),
                    d -> d.outcome() == DeliveryOutcome.FAILED);
            Run run = f.db.runs().get(failed.runId()).orElseThrow();
            assertEquals(RunStatus.FAILURE, run.status());
            assertTrue(f.logTexts(run.id()).stream().anyMatch(line -> line.startsWith(".lurch:3:4: ")),
                    () -> f.logTexts(run.id()).toString());
            assertTrue(f.db.programs().latest(REPO).isEmpty(), "an invalid program is never stored as a version");
            StatusRequest error = await("the error status", f.github::accepted, s -> !s.isEmpty()).getFirst();
            assertEquals("error", error.field("state"));
            assertEquals(bad, error.sha());
            assertTrue(error.field("description").contains(".lurch:3:4"), error.field("description"));

            String none = f.repo.delete(".lurch").write("README", "no program here").commit("no program");
            f.post("/hooks/github", SignedDelivery.gitHub("push", SECRET, gitHubPush(REPO, none)));
            Delivery skipped = await("the skipped delivery", () -> f.db.deliveries().recent(REPO, 1).getFirst(),
                    d -> d.commitSha().equals(none) && d.outcome() == DeliveryOutcome.SKIPPED);
            assertTrue(skipped.message().contains("has no .lurch"), skipped.message());
            assertEquals(null, skipped.runId());
            String listed = f.cli("runs").out();
            assertEquals(1, f.db.runs().topRuns(REPO, 10).size(), listed);
        }
    }
}
