package lurch.hooks.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import lurch.hooks.testing.WebhookFixtures;
import lurch.hooks.webhook.WebhookEvent.Build;
import lurch.hooks.webhook.WebhookEvent.Ignored;
import lurch.hooks.webhook.WebhookEvent.Kind;
import org.junit.jupiter.api.Test;

/** Gitea's (and Forgejo's) deliveries, from the examples of Gitea's documentation (fixtures/gitea). */
class GiteaEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUSHED = "bffeb74224043ba2feb48d137756c8a9331c449a";

    private static WebhookEvent parse(String event, String fixture) throws MalformedPayloadException {
        return Forge.GITEA.parse(event, WebhookFixtures.read("gitea/" + fixture));
    }

    private static ObjectNode fixture(String name) throws Exception {
        return (ObjectNode) JSON.readTree(WebhookFixtures.read("gitea/" + name));
    }

    @Test
    void theForgeIsFoundByItsIdAndListed() {
        assertEquals(Optional.of(Forge.GITEA), Forge.named("gitea"));
        assertEquals(Optional.of(Forge.GITEA), Forge.named("Gitea"));
        assertEquals(Optional.empty(), Forge.named("gogs"));
        assertTrue(Forge.ALL.contains(Forge.GITEA));
        assertEquals(java.util.List.of("X-Gitea-Signature", "X-Forgejo-Signature"), Forge.GITEA.headers().signature());
    }

    @Test
    void aPushBuildsItsHeadCommit() throws Exception {
        assertEquals(new Build(Forge.GITEA, "gitea/webhooks", Kind.PUSH, "refs/heads/develop", "develop", null,
                        PUSHED, "Gitea", "Webhooks Yay!",
                        "http://localhost:3000/gitea/webhooks/commit/" + PUSHED, null, null),
                parse("push", "push.json"));
    }

    @Test
    void aPushWithoutHeadCommitFindsItAmongTheCommits() throws Exception {
        ObjectNode push = fixture("push.json");
        push.remove("head_commit"); // Gitea before 1.13
        Build build = (Build) Forge.GITEA.parse("push", JSON.writeValueAsBytes(push));
        assertEquals(PUSHED, build.commitSha());
        assertEquals("Gitea", build.author());
        assertEquals("Webhooks Yay!", build.message());
    }

    @Test
    void tagsAndDeletionsAreSortedOut() throws Exception {
        ObjectNode push = fixture("push.json").put("ref", "refs/tags/v1.0");
        Build tag = (Build) Forge.GITEA.parse("push", JSON.writeValueAsBytes(push));
        assertEquals(Kind.TAG, tag.kind());
        assertEquals("v1.0", tag.tag());
        push.put("ref", "refs/heads/old").put("after", "0".repeat(40));
        assertEquals(new Ignored("gitea/webhooks", "branch old was deleted"),
                Forge.GITEA.parse("push", JSON.writeValueAsBytes(push)));
    }

    @Test
    void anOpenedPullRequestBuildsItsHeadFromTheRepositoryItself() throws Exception {
        assertEquals(new Build(Forge.GITEA, "gitea/webhooks", Kind.PULL_REQUEST, "refs/pull/7/head", "fly", null,
                        "4ad6c7c23d2a1b0c1e33f4f4b3a0c5f1e2d3c4b5", "gitea", "Teach the webhooks to fly",
                        "http://localhost:3000/gitea/webhooks/pulls/7", 7, null),
                parse("pull_request", "pull_request-opened.json"));
    }

    @Test
    void aSynchronizedPullRequestFromAForkNamesTheFork() throws Exception {
        Build build = (Build) parse("pull_request", "pull_request-synchronized.json");
        assertEquals("9f3c1e8b7a6d5c4b3a29180f7e6d5c4b3a291807", build.commitSha());
        assertEquals("octocat/webhooks", build.fork());
        assertTrue(build.fromFork());
    }

    @Test
    void aClosedPullRequestIsIgnoredAndOtherEventsUnsupported() throws Exception {
        assertEquals(new Ignored("gitea/webhooks", "pull request #7 was closed"),
                parse("pull_request", "pull_request-closed.json"));
        assertFalse(Forge.GITEA.handles("issues"));
        assertTrue(Forge.GITEA.handles("pull_request"));
        assertEquals(new WebhookEvent.Unsupported(Forge.GITEA, "issues"), Forge.GITEA.parse("issues", new byte[0]));
    }

    @Test
    void badBodiesAreNamed() {
        MalformedPayloadException missing = assertThrows(MalformedPayloadException.class,
                () -> Forge.GITEA.parse("push", "{\"ref\":\"refs/heads/x\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("push payload has no 'repository.full_name' field", missing.getMessage());
        MalformedPayloadException noEvent = assertThrows(MalformedPayloadException.class,
                () -> Forge.GITEA.parse(" ", new byte[0]));
        assertEquals("Gitea delivery has no X-Gitea-Event header", noEvent.getMessage());
    }

    @Test
    void theRepositoryIsFoundByStreamingAndTheSignatureIsAHexHmac() throws Exception {
        byte[] body = WebhookFixtures.read("gitea/push.json");
        assertEquals(Optional.of("gitea/webhooks"), Forge.GITEA.repositoryName(body));
        String signature = WebhookSignatures.hmacHex("s3cret", body);
        assertTrue(Forge.GITEA.verify("s3cret", body, signature));
        assertTrue(Forge.GITEA.verify("s3cret", body, signature.toUpperCase(java.util.Locale.ROOT)));
        assertFalse(Forge.GITEA.verify("s3cret", body, "sha256=" + signature), "GitHub's form is not Gitea's");
        assertFalse(Forge.GITEA.verify("other", body, signature));
        assertFalse(Forge.GITEA.verify("s3cret", body, null));
        assertFalse(Forge.GITEA.verify("", body, ""), "an empty secret proves nothing");
    }
}
