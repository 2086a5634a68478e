package lurch.hooks.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import lurch.hooks.status.StatusAttempt.Outcome;
import lurch.hooks.testing.FakeForge;
import lurch.hooks.testing.StatusRequest;
import lurch.hooks.webhook.Forge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusReporterTest {
    private static final String SHA = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    private static final String TOKEN = "t0ken";
    private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofSeconds(5));

    private final StatusReporter reporter = new StatusReporter(HttpClient.newHttpClient(), FAST);
    private final List<StatusAttempt> attempts = new CopyOnWriteArrayList<>();
    private FakeForge forge;

    @AfterEach
    void stop() {
        if (forge != null) {
            forge.close();
        }
    }

    private boolean report(Forge kind, String repo, CommitState state) throws Exception {
        StatusApi api = StatusApi.of(kind, forge.apiBase(), TOKEN);
        CommitStatus status = new CommitStatus(SHA, state, "ci", "http://lurch/runs/7", "Build " + state);
        return reporter.report(api, repo, status, attempts::add).get(10, TimeUnit.SECONDS);
    }

    @Test
    void gitHubGetsPendingThenSuccess() throws Exception {
        forge = FakeForge.start(Forge.GITHUB, TOKEN);
        assertTrue(report(Forge.GITHUB, "octo/hello", CommitState.PENDING));
        assertTrue(report(Forge.GITHUB, "octo/hello", CommitState.SUCCESS));
        List<StatusRequest> accepted = forge.accepted();
        assertEquals(List.of("pending", "success"), accepted.stream().map(r -> r.field("state")).toList());
        StatusRequest last = accepted.get(1);
        assertEquals("/repos/octo/hello/statuses/" + SHA, last.rawPath());
        assertEquals("lurch/ci", last.field("context"));
        assertEquals("http://lurch/runs/7", last.field("target_url"));
        assertEquals("Bearer " + TOKEN, last.header("Authorization"));
        assertEquals("2022-11-28", last.header("X-GitHub-Api-Version"));
        assertEquals(Outcome.DELIVERED, attempts.get(1).outcome());
    }

    @Test
    void gitLabProjectPathIsEncodedAndStatesMapped() throws Exception {
        forge = FakeForge.start(Forge.GITLAB, TOKEN);
        assertTrue(report(Forge.GITLAB, "group/sub/project", CommitState.RUNNING));
        assertTrue(report(Forge.GITLAB, "group/sub/project", CommitState.FAILURE));
        List<StatusRequest> accepted = forge.accepted();
        assertEquals("/api/v4/projects/group%2Fsub%2Fproject/statuses/" + SHA, accepted.get(0).rawPath());
        assertEquals("group/sub/project", accepted.get(0).repo());
        assertEquals(List.of("running", "failed"), accepted.stream().map(r -> r.field("state")).toList());
        assertEquals("lurch/ci", accepted.get(0).field("name"));
    }

    @Test
    void giteaGetsItsApiPathTokenHeaderAndStates() throws Exception {
        forge = FakeForge.start(Forge.GITEA, TOKEN);
        assertTrue(report(Forge.GITEA, "gitea/webhooks", CommitState.RUNNING));
        assertTrue(report(Forge.GITEA, "gitea/webhooks", CommitState.CANCELED));
        List<StatusRequest> accepted = forge.accepted();
        assertEquals("/api/v1/repos/gitea/webhooks/statuses/" + SHA, accepted.get(0).rawPath());
        assertEquals("token " + TOKEN, accepted.get(0).header("Authorization"));
        assertEquals(List.of("pending", "error"), accepted.stream().map(r -> r.field("state")).toList());
        assertEquals("lurch/ci", accepted.get(0).field("context"));
        assertEquals("http://lurch/runs/7", accepted.get(0).field("target_url"));
        // The API root given instead of the instance URL is not doubled.
        StatusApi api = StatusApi.of(Forge.GITEA, forge.apiBase() + "/api/v1/", TOKEN);
        assertTrue(reporter.report(api, "gitea/webhooks", new CommitStatus(SHA, CommitState.SUCCESS, "ci", null, "ok"),
                attempts::add).get(10, TimeUnit.SECONDS));
        assertTrue(attempts.getLast().describe().startsWith("Gitea status success of lurch/ci for gitea/webhooks@"
                + SHA.substring(0, 7) + ": attempt 1/"), attempts.getLast().describe());
    }

    @Test
    void giteaWithoutAnApiUrlIsRefusedWithTheVariableToSet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StatusApi.of(Forge.GITEA, null, TOKEN));
        assertEquals("Gitea commit statuses need the API URL (LURCH_GITEA_API_URL or --gitea-url)", e.getMessage());
    }

    @Test
    void retriesAfterServerErrorsWithGrowingDelays() throws Exception {
        forge = FakeForge.start(Forge.GITHUB, TOKEN);
        forge.failNext(2);
        long start = System.nanoTime();
        assertTrue(report(Forge.GITHUB, "octo/hello", CommitState.SUCCESS));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(List.of(500, 500, 201), forge.requests().stream().map(StatusRequest::answer).toList());
        assertEquals(List.of(Outcome.WILL_RETRY, Outcome.WILL_RETRY, Outcome.DELIVERED),
                attempts.stream().map(StatusAttempt::outcome).toList());
        assertTrue(elapsedMillis >= 60, "waited 20 ms then 40 ms, took " + elapsedMillis + " ms");
        assertTrue(attempts.get(0).describe().contains("attempt 1/4 answered 500"), attempts.get(0).describe());
    }

    @Test
    void givesUpAfterTheLastAttempt() throws Exception {
        forge = FakeForge.start(Forge.GITHUB, TOKEN);
        forge.failNext(10);
        assertFalse(report(Forge.GITHUB, "octo/hello", CommitState.SUCCESS));
        assertEquals(4, forge.requests().size());
        assertEquals(Outcome.GAVE_UP, attempts.get(3).outcome());
    }

    @Test
    void aRejectedTokenIsNotRetried() throws Exception {
        forge = FakeForge.start(Forge.GITLAB, "the-real-token");
        assertFalse(report(Forge.GITLAB, "group/project", CommitState.SUCCESS));
        assertEquals(1, forge.requests().size());
        assertEquals(401, attempts.get(0).httpStatus());
        assertEquals(Outcome.REJECTED, attempts.get(0).outcome());
    }

    @Test
    void aLaterStatusWaitsForAnEarlierOneBeingRetried() throws Exception {
        forge = FakeForge.start(Forge.GITHUB, TOKEN);
        forge.failNext(2);
        StatusApi api = StatusApi.of(Forge.GITHUB, forge.apiBase(), TOKEN);
        var pending = reporter.report(api, "octo/hello", new CommitStatus(SHA, CommitState.PENDING, "ci", null, ""), a -> { });
        var success = reporter.report(api, "octo/hello", new CommitStatus(SHA, CommitState.SUCCESS, "ci", null, ""), a -> { });
        assertTrue(success.get(10, TimeUnit.SECONDS));
        assertTrue(pending.isDone());
        assertEquals(List.of("pending", "success"), forge.accepted().stream().map(r -> r.field("state")).toList());
    }

    @Test
    void aDeadForgeNeitherBlocksNorThrows() throws Exception {
        forge = FakeForge.start(Forge.GITHUB, TOKEN);
        String deadBase = forge.apiBase();
        forge.close();
        StatusApi api = StatusApi.of(Forge.GITHUB, deadBase, TOKEN);
        long start = System.nanoTime();
        var result = reporter.report(api, "octo/hello", new CommitStatus(SHA, CommitState.ERROR, "ci", null, ""), attempts::add);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 500, "report returned at once");
        assertFalse(result.get(10, TimeUnit.SECONDS));
        assertEquals(0, attempts.get(0).httpStatus());
        assertEquals(Outcome.GAVE_UP, attempts.get(3).outcome());
    }
}
