package lurch.server.git;

import static lurch.server.git.GitServerFixture.CAT_HELLO;
import static lurch.server.git.GitServerFixture.JSON;
import static lurch.server.git.GitServerFixture.SECRET;
import static lurch.server.git.GitServerFixture.await;
import static lurch.server.git.GitServerFixture.giteaPush;
import static lurch.server.git.GitServerFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lurch.db.Delivery;
import lurch.db.DeliveryOutcome;
import lurch.db.Prompt;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.testing.TestDatabase;
import lurch.hooks.testing.SignedDelivery;
import lurch.hooks.testing.StatusRequest;
import lurch.hooks.testing.WebhookFixtures;
import lurch.hooks.webhook.Forge;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gitea and Forgejo over HTTP to a real server, as GitHub and GitLab: a signed push builds and reports its statuses
 * to the repository's own Gitea URL, a fork's pull request waits for approval, branch filters hold.
 */
class GiteaBuildsTest {
    private static final String REPO = "gitea/webhooks";

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aSignedPushBuildsAndReportsToTheRepositorysGitea(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(REPO, Forge.GITEA);
            String sha = f.repo.write("hello.txt", "hello from gitea\n").write(".lurch", CAT_HELLO).commit("first");
            SignedDelivery push = SignedDelivery.gitea("push", SECRET, giteaPush(REPO, "refs/heads/main", sha));

            HttpResponse<String> answer = f.post("/hooks/gitea", push);
            assertEquals(202, answer.statusCode(), answer.body());
            Delivery delivery = await("the delivery to start a run", () -> f.db.deliveries().recent(REPO, 1).getFirst(),
                    d -> d.outcome() != DeliveryOutcome.QUEUED && d.outcome() != DeliveryOutcome.PROCESSING);
            assertEquals(DeliveryOutcome.STARTED, delivery.outcome(), delivery.message());
            assertEquals("gitea", delivery.forge());
            Run run = f.server.engine().whenFinished(delivery.runId()).get(30, TimeUnit.SECONDS);
            assertEquals(RunStatus.SUCCESS, run.status(), () -> String.join("\n", f.logTexts(run.id())));
            assertTrue(f.logTexts(run.id()).contains("hello from gitea"));

            List<StatusRequest> statuses = await("pending and success statuses", f.gitea::accepted, s -> s.size() >= 2);
            assertEquals(List.of("pending", "success"), statuses.stream().map(s -> s.field("state")).toList());
            for (StatusRequest status : statuses) {
                assertEquals("/api/v1/repos/" + REPO + "/statuses/" + sha, status.rawPath());
                assertEquals("token " + GitServerFixture.GITEA_TOKEN, status.header("Authorization"));
                assertEquals("https://ci.example.com/runs/" + run.id(), status.field("target_url"));
                assertEquals("lurch/" + REPO, status.field("context"));
            }
            assertEquals(List.of(), f.github.requests(), "nothing went to GitHub");

            JsonNode shown = json(f.getApi("/api/runs/" + run.id()));
            assertEquals(sha, shown.path("git").path("commit").asText(), shown.toString());
            assertEquals(REPO, shown.path("git").path("repo").asText());
            assertEquals("refs/heads/main", shown.path("git").path("ref").asText());
            GitServerFixture.CliResult show = f.cli("show", String.valueOf(run.id()));
            assertTrue(show.out().startsWith("# repository: " + REPO + "\n# ref: refs/heads/main\n# commit: " + sha
                    + "\n# author: Ada Lovelace\n# message: first\n# run\t"), show.out());

            HttpResponse<String> replay = f.post("/hooks/gitea", push);
            assertEquals(200, replay.statusCode(), replay.body());
            assertTrue(json(replay).path("message").asText().contains("received before"));

            // Forgejo without the Gitea headers: its own are read.
            String second = f.repo.write("hello.txt", "hello from forgejo\n").commit("second");
            HttpResponse<String> forgejo = f.post("/hooks/gitea",
                    SignedDelivery.forgejo("push", SECRET, giteaPush(REPO, "refs/heads/main", second)));
            assertEquals(202, forgejo.statusCode(), forgejo.body());
            await("the Forgejo push's run", () -> f.db.deliveries().recent(REPO, 1).getFirst(),
                    d -> d.outcome() == DeliveryOutcome.STARTED && second.equals(d.commitSha()));
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aForksPullRequestWaitsForApproval(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(REPO, Forge.GITEA);
            f.repo.write(".lurch", CAT_HELLO).write("hello.txt", "main\n").commit("main");
            String forkSha = f.repo.newBranch("fly").write("hello.txt", "fork\n").commit("from the fork");
            f.repo.ref("refs/pull/7/head", forkSha);
            ObjectNode pr = (ObjectNode) JSON.readTree(WebhookFixtures.read("gitea/pull_request-synchronized.json"));
            ((ObjectNode) pr.path("pull_request").path("head")).put("sha", forkSha);
            HttpResponse<String> answer = f.post("/hooks/gitea",
                    SignedDelivery.gitea("pull_request", SECRET, JSON.writeValueAsBytes(pr)));
            assertEquals(202, answer.statusCode(), answer.body());
            Delivery delivery = await("the pull request's run", () -> f.db.deliveries().recent(REPO, 1).getFirst(),
                    d -> d.outcome() == DeliveryOutcome.STARTED);
            assertEquals("octocat/webhooks", delivery.fork());
            Prompt approval = await("the approval", () -> f.db.prompts().open(), open -> !open.isEmpty()).getFirst();
            assertEquals(delivery.runId(), f.db.runs().get(approval.runId()).orElseThrow().topId());
            assertTrue(approval.comment().contains("from fork octocat/webhooks"), approval.comment());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void pushesOutsideTheBranchFilterAndTagsWhenOffStartNothing(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(REPO, Forge.GITEA, "--branches", "main,release/*", "--tags", "off");
            String sha = f.repo.write(".lurch", CAT_HELLO).write("hello.txt", "x\n").commit("first");
            for (String ref : List.of("refs/heads/feature/x", "refs/heads/release/1.0/hotfix", "refs/tags/v1.0")) {
                HttpResponse<String> answer = f.post("/hooks/gitea",
                        SignedDelivery.gitea("push", SECRET, giteaPush(REPO, ref, sha)));
                assertEquals(200, answer.statusCode(), answer.body());
            }
            List<Delivery> ignored = f.db.deliveries().recent(REPO, 10);
            assertEquals(3, ignored.size());
            for (Delivery delivery : ignored) {
                assertEquals(DeliveryOutcome.IGNORED, delivery.outcome());
            }
            assertEquals("tag not built: tag pushes are off for " + REPO, ignored.get(0).message());
            assertEquals("branch not built: release/1.0/hotfix matches none of main,release/*", ignored.get(1).message());
            assertEquals("branch not built: feature/x matches none of main,release/*", ignored.get(2).message());

            assertEquals(202, f.post("/hooks/gitea", SignedDelivery.gitea("push", SECRET,
                    giteaPush(REPO, "refs/heads/release/1.0", sha))).statusCode());
            await("the release branch's run", () -> f.db.deliveries().recent(REPO, 1).getFirst(),
                    d -> d.outcome() == DeliveryOutcome.STARTED);
            assertEquals(1, f.db.runs().topRuns(REPO, 10).size(), "only the matching push started a run");

            GitServerFixture.CliResult bad = f.cli("repo", "add", "o/other", "--url", f.repo.url(), "--secret", "s",
                    "--branches", "main,,dev");
            assertEquals(1, bad.code());
            assertTrue(bad.err().contains("branches: an empty pattern in 'main,,dev'"), bad.err());
        }
    }
}
