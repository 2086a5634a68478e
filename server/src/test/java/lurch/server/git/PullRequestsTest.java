package lurch.server.git;

import static lurch.server.git.GitServerFixture.JSON;
import static lurch.server.git.GitServerFixture.SECRET;
import static lurch.server.git.GitServerFixture.await;
import static lurch.server.git.GitServerFixture.gitHubPush;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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
import lurch.hooks.testing.WebhookFixtures;
import lurch.hooks.webhook.Forge;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pull requests are someone else's code. The attack: a fork's pull request whose {@code .lurch} prints the
 * program's secrets (its run page is public by default) and becomes the version every later manual start uses.
 */
class PullRequestsTest {
    private static final String REPO = "octo/hello";
    private static final String SECRET_VALUE = "deploy-key-0123456789";
    private static final String TRUSTED = "(isolate (chroot \"busybox\") (exec \"/bin/echo\" (\"trusted build\")))\n";
    /** What an attacker's fork puts in .lurch: print the secret. */
    private static final String EXFILTRATE =
            "(isolate (chroot \"busybox\") (exec \"/bin/sh\" (\"-c\" \"echo stolen=$DEPLOY_KEY\")))\n";

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aForksPullRequestWaitsForApprovalGetsNoSecretsAndLeavesTheProgramAlone(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(REPO, Forge.GITHUB); // policy: approve, the default
            f.db.secrets().set(REPO, "DEPLOY_KEY", SECRET_VALUE);
            String main = f.repo.write(".lurch", TRUSTED).commit("trusted program");
            f.post("/hooks/github", SignedDelivery.gitHub("push", SECRET, gitHubPush(REPO, main)));
            await("the push's build", () -> f.db.deliveries().recent(REPO, 1).getFirst(),
                    d -> d.outcome() == DeliveryOutcome.STARTED);
            String trustedSource = f.db.programs().latest(REPO).orElseThrow().source();

            String forkSha = f.repo.newBranch("evil").write(".lurch", EXFILTRATE).commit("innocent change");
            f.repo.ref("refs/pull/7/head", forkSha);
            assertEquals(202, f.post("/hooks/github", SignedDelivery.gitHub("pull_request", SECRET,
                    pullRequest(7, forkSha, "mallory/hello", "mallory"))).statusCode());

            Delivery delivery = await("the pull request's run", () -> f.db.deliveries().recent(REPO, 1).getFirst(),
                    d -> d.outcome() == DeliveryOutcome.STARTED);
            Prompt approval = await("the approval", () -> f.db.prompts().open(), open -> !open.isEmpty()).getFirst();
            assertEquals("Build pull request #7 from fork mallory/hello by mallory at " + forkSha + "?",
                    approval.comment());
            Thread.sleep(300);
            assertFalse(String.join("\n", allLogs(f, delivery.runId())).contains("stolen="),
                    "nothing of the fork ran before the approval");
            assertEquals(trustedSource, f.db.programs().latest(REPO).orElseThrow().source(),
                    "the program's latest version is still the branch's");

            f.server.engine().approve(approval.runId(), true, "looked at it", "user:admin");
            Run run = f.server.engine().whenFinished(delivery.runId()).get(30, TimeUnit.SECONDS);
            List<String> logs = allLogs(f, run.id());
            assertEquals(RunStatus.SUCCESS, run.status(), () -> String.join("\n", logs));
            assertTrue(logs.contains("stolen="), () -> "ran without the secret: " + logs);
            assertFalse(String.join("\n", logs).contains(SECRET_VALUE));
            assertEquals(trustedSource, f.db.programs().latest(REPO).orElseThrow().source());
            assertEquals(1, f.db.programs().versions(REPO).size(), "the pull request's version is not listed");
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void withPullRequestsOffAForkBuildsNothing(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            assertEquals(0, f.cli("repo", "add", REPO, "--url", f.repo.url(), "--secret", SECRET,
                    "--pull-requests", "off").code());
            assertTrue(f.cli("repo", "list").out().contains("\toff\t"), f.cli("repo", "list").out());
            String forkSha = f.repo.write(".lurch", EXFILTRATE).commit("fork");
            f.repo.ref("refs/pull/8/head", forkSha);
            HttpResponse<String> answer = f.post("/hooks/github", SignedDelivery.gitHub("pull_request", SECRET,
                    pullRequest(8, forkSha, "mallory/hello", "mallory")));
            assertEquals(200, answer.statusCode(), answer.body());
            Delivery delivery = f.db.deliveries().recent(REPO, 1).getFirst();
            assertEquals(DeliveryOutcome.IGNORED, delivery.outcome());
            assertTrue(delivery.message().contains("from fork mallory/hello"), delivery.message());
            assertEquals(List.of(), f.db.runs().topRuns(null, 10));
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aPullRequestFromTheRepositoryItselfRunsAtOnceButWithoutSecrets(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register(REPO, Forge.GITHUB);
            f.db.secrets().set(REPO, "DEPLOY_KEY", SECRET_VALUE);
            String sha = f.repo.write(".lurch", EXFILTRATE).commit("same-repo change");
            f.repo.ref("refs/pull/9/head", sha);
            f.post("/hooks/github", SignedDelivery.gitHub("pull_request", SECRET, pullRequest(9, sha, REPO, "octocat")));
            Delivery delivery = await("the pull request's run", () -> f.db.deliveries().recent(REPO, 1).getFirst(),
                    d -> d.outcome() == DeliveryOutcome.STARTED);
            Run run = f.server.engine().whenFinished(delivery.runId()).get(30, TimeUnit.SECONDS);
            List<String> logs = allLogs(f, run.id());
            assertTrue(logs.contains("stolen="), logs::toString);
            assertTrue(f.db.programs().latest(REPO).isEmpty(), "no branch has stored a version yet");
            assertEquals(List.of(), f.db.prompts().open());
        }
    }

    @ParameterizedTest
    @MethodSource("lurch.db.testing.TestDatabases#both")
    void aMergeRequestFromAGitLabForkWaitsForApprovalToo(TestDatabase kind) throws Exception {
        try (GitServerFixture f = new GitServerFixture(kind)) {
            f.register("group/project", Forge.GITLAB);
            String sha = f.repo.write(".lurch", EXFILTRATE).commit("fork change");
            f.repo.ref("refs/merge-requests/3/head", sha);
            ObjectNode mr = (ObjectNode) JSON.readTree(WebhookFixtures.read("gitlab/merge-request-hook.json"));
            ((ObjectNode) mr.path("project")).put("path_with_namespace", "group/project");
            ObjectNode attributes = (ObjectNode) mr.path("object_attributes");
            attributes.put("iid", 3).put("source_project_id", 99);
            ((ObjectNode) attributes.path("source")).put("path_with_namespace", "mallory/project");
            ((ObjectNode) attributes.path("last_commit")).put("id", sha);
            assertEquals(202, f.post("/hooks/gitlab", SignedDelivery.gitLab("Merge Request Hook", SECRET,
                    JSON.writeValueAsBytes(mr))).statusCode());

            Prompt approval = await("the approval", () -> f.db.prompts().open(), open -> !open.isEmpty()).getFirst();
            assertEquals("Build merge request !3 from fork mallory/project by GitLab dev user at " + sha + "?",
                    approval.comment());
            assertTrue(f.db.programs().latest("group/project").isEmpty());
        }
    }

    /** GitHub's opened pull request, pointed at this repository, from {@code headRepo}. */
    static byte[] pullRequest(int number, String sha, String headRepo, String author) throws IOException {
        ObjectNode payload = (ObjectNode) JSON.readTree(WebhookFixtures.read("github/pull_request-opened.payload.json"));
        payload.put("number", number);
        ((ObjectNode) payload.path("repository")).put("full_name", REPO);
        ObjectNode pr = (ObjectNode) payload.path("pull_request");
        ((ObjectNode) pr.path("user")).put("login", author);
        ObjectNode head = (ObjectNode) pr.path("head");
        head.put("sha", sha);
        ((ObjectNode) head.path("repo")).put("full_name", headRepo);
        return JSON.writeValueAsBytes(payload);
    }

    /** The log lines of a run and of every run below it. */
    private static List<String> allLogs(GitServerFixture f, long topRunId) {
        return f.db.logs().read(topRunId, 0, 1_000_000).stream().map(lurch.db.LogLine::text).toList();
    }
}
