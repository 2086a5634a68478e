package lurch.hooks.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import lurch.hooks.testing.WebhookFixtures;
import lurch.hooks.webhook.WebhookEvent.Build;
import lurch.hooks.webhook.WebhookEvent.Ignored;
import lurch.hooks.webhook.WebhookEvent.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEAD = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    private static final String INITIAL = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

    private static WebhookEvent parse(String event, String fixture) throws MalformedPayloadException {
        return GitHubEvents.parse(event, WebhookFixtures.read("github/" + fixture));
    }

    @Test
    void pingNamesTheRepository() throws Exception {
        assertEquals(new WebhookEvent.Ping("Octocoders/Hello-World"), parse("ping", "ping-payload.json"));
    }

    @Test
    void tagDeletionIsIgnored() throws Exception {
        assertEquals(new Ignored("Codertocat/Hello-World", "tag simple-tag was deleted"),
                parse("push", "push-payload.json"));
    }

    @Test
    void pushToANewBranchBuildsItsHead() throws Exception {
        assertEquals(new Build(Forge.GITHUB, "Codertocat/Hello-World", Kind.PUSH, "refs/heads/master", "master",
                        null, INITIAL, "Codertocat", "Initial commit",
                        "https://github.com/Codertocat/Hello-World/commit/" + INITIAL, null, null),
                parse("push", "push-with-new-branch.payload.json"));
    }

    @Test
    void committerWithoutUsernameStillBuilds() throws Exception {
        Build build = (Build) parse("push", "push-with-no-username-committer.payload.json");
        assertEquals(INITIAL, build.commitSha());
        assertEquals("Codertocat", build.author());
    }

    @ParameterizedTest
    @ValueSource(strings = {"opened", "synchronize", "reopened"})
    void pullRequestsBuildTheirHead(String action) throws Exception {
        assertEquals(new Build(Forge.GITHUB, "Codertocat/Hello-World", Kind.PULL_REQUEST, "refs/pull/2/head",
                        "changes", null, HEAD, "Codertocat", "Update the README with new information.",
                        "https://github.com/Codertocat/Hello-World/pull/2", 2, null),
                parse("pull_request", "pull_request-" + action + ".payload.json"));
    }

    @Test
    void aPullRequestFromAForkNamesTheFork() throws Exception {
        ObjectNode pr = (ObjectNode) JSON.readTree(WebhookFixtures.read("github/pull_request-opened.payload.json"));
        ObjectNode head = (ObjectNode) pr.path("pull_request").path("head");
        ((ObjectNode) head.path("repo")).put("full_name", "mallory/Hello-World");
        Build build = (Build) GitHubEvents.parse("pull_request", JSON.writeValueAsBytes(pr));
        assertEquals("Codertocat/Hello-World", build.repo());
        assertEquals("mallory/Hello-World", build.fork());

        head.putNull("repo"); // what GitHub sends once the fork is deleted
        assertEquals(Build.UNKNOWN_FORK, ((Build) GitHubEvents.parse("pull_request", JSON.writeValueAsBytes(pr))).fork());
    }

    @Test
    void closedPullRequestIsIgnored() throws Exception {
        assertEquals(new Ignored("Codertocat/Hello-World", "pull request #2 was closed"),
                parse("pull_request", "pull_request-closed.payload.json"));
    }

    @Test
    void annotatedTagPushBuildsTheTaggedCommit() throws Exception {
        String body = """
                {"ref":"refs/tags/v1","after":"1111111111111111111111111111111111111111",
                 "repository":{"full_name":"o/r","html_url":"https://github.com/o/r"},
                 "head_commit":{"id":"2222222222222222222222222222222222222222","message":"m","author":{"name":"A"}},
                 "pusher":{"name":"P"}}""";
        Build build = (Build) GitHubEvents.parse("push", body.getBytes(StandardCharsets.UTF_8));
        assertEquals(Kind.TAG, build.kind());
        assertEquals("v1", build.tag());
        assertEquals(null, build.branch());
        assertEquals("2222222222222222222222222222222222222222", build.commitSha());
        assertEquals("https://github.com/o/r", build.url());
    }

    @Test
    void otherEventsAreUnsupported() throws Exception {
        assertEquals(new WebhookEvent.Unsupported(Forge.GITHUB, "issues"),
                GitHubEvents.parse("issues", "{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void missingFieldIsNamed() {
        byte[] body = "{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"o/r\"}}".getBytes(StandardCharsets.UTF_8);
        var error = assertThrows(MalformedPayloadException.class, () -> GitHubEvents.parse("push", body));
        assertEquals("push payload has no 'after' field", error.getMessage());
    }

    @Test
    void wrongTypeIsNamed() {
        byte[] body = WebhookFixtures.read("github/pull_request-opened.payload.json");
        byte[] broken = new String(body, StandardCharsets.UTF_8).replace("\"number\": 2", "\"number\": \"two\"")
                .getBytes(StandardCharsets.UTF_8);
        var error = assertThrows(MalformedPayloadException.class, () -> GitHubEvents.parse("pull_request", broken));
        assertEquals("pull_request payload field 'number' is not a whole number", error.getMessage());
    }

    @Test
    void invalidJsonAndMissingEventAreRejected() {
        var error = assertThrows(MalformedPayloadException.class,
                () -> GitHubEvents.parse("push", "{\"ref\":".getBytes(StandardCharsets.UTF_8)));
        assertEquals(true, error.getMessage().startsWith("push payload is not valid JSON"), error.getMessage());
        var noEvent = assertThrows(MalformedPayloadException.class, () -> GitHubEvents.parse(null, new byte[0]));
        assertEquals("GitHub delivery has no X-GitHub-Event header", noEvent.getMessage());
        var array = assertThrows(MalformedPayloadException.class,
                () -> GitHubEvents.parse("push", "[]".getBytes(StandardCharsets.UTF_8)));
        assertEquals("push payload is not a JSON object", array.getMessage());
    }
}
