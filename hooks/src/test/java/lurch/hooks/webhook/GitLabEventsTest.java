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

class GitLabEventsTest {
    private static final String HEAD = "da1560886d4f094c3e6c9ef40349f7d38b5d27d7";

    private static String fixture(String name) {
        return new String(WebhookFixtures.read("gitlab/" + name), StandardCharsets.UTF_8);
    }

    private static WebhookEvent parse(String event, String body) throws MalformedPayloadException {
        return GitLabEvents.parse(event, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pushBuildsTheHeadCommitWithItsAuthor() throws Exception {
        assertEquals(new Build(Forge.GITLAB, "mike/diaspora", Kind.PUSH, "refs/heads/master", "master", null, HEAD,
                        "GitLab dev user", "fixed readme", "http://example.com/mike/diaspora/commit/" + HEAD, null, null),
                parse("Push Hook", fixture("push-hook.json")));
    }

    @Test
    void tagPushWithoutCommitsFallsBackToTheUser() throws Exception {
        assertEquals(new Build(Forge.GITLAB, "jsmith/example", Kind.TAG, "refs/tags/v1.0.0", null, "v1.0.0",
                        "82b3d5ae55f7080f1e6022629cdb57bfae7cccc7", "John Smith", "",
                        "http://example.com/jsmith/example", null, null),
                parse("Tag Push Hook", fixture("tag-push-hook.json")));
    }

    @Test
    void branchDeletionIsIgnored() throws Exception {
        String deleted = fixture("push-hook.json")
                .replace("\"after\": \"" + HEAD + "\"", "\"after\": \"" + "0".repeat(40) + "\"");
        assertEquals(new Ignored("mike/diaspora", "branch master was deleted"), parse("Push Hook", deleted));
    }

    @Test
    void openedMergeRequestBuildsItsLastCommit() throws Exception {
        assertEquals(new Build(Forge.GITLAB, "gitlabhq/gitlab-test", Kind.MERGE_REQUEST, "refs/merge-requests/1/head",
                        "ms-viewport", null, HEAD, "GitLab dev user", "fixed readme",
                        "http://example.com/diaspora/merge_requests/1", 1, null),
                parse("Merge Request Hook", fixture("merge-request-hook.json")));
    }

    @Test
    void mergeRequestUpdateBuildsOnlyWhenCommitsChanged() throws Exception {
        String titleEdit = fixture("merge-request-hook.json").replace("\"action\": \"open\"", "\"action\": \"update\"");
        assertEquals(new Ignored("gitlabhq/gitlab-test", "merge request !1 was updated without new commits"),
                parse("Merge Request Hook", titleEdit));
        String newCommits = titleEdit.replace("\"action\": \"update\"",
                "\"action\": \"update\", \"oldrev\": \"95790bf891e76fee5e1747ab589903a6a1f80f22\"");
        assertEquals(Kind.MERGE_REQUEST, ((Build) parse("Merge Request Hook", newCommits)).kind());
    }

    @Test
    void aMergeRequestFromAnotherProjectNamesTheFork() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode mr = (ObjectNode) json.readTree(fixture("merge-request-hook.json"));
        ObjectNode attributes = (ObjectNode) mr.path("object_attributes");
        attributes.put("source_project_id", 99);
        ((ObjectNode) attributes.path("source")).put("path_with_namespace", "mallory/awesome_project");
        assertEquals("mallory/awesome_project", ((Build) parse("Merge Request Hook", json.writeValueAsString(mr))).fork());
    }

    @Test
    void mergedOrClosedMergeRequestIsIgnored() throws Exception {
        for (String action : new String[] {"merge", "close", "approved"}) {
            String body = fixture("merge-request-hook.json").replace("\"action\": \"open\"", "\"action\": \"" + action + "\"");
            assertEquals(new Ignored("gitlabhq/gitlab-test", "merge request !1 action '" + action + "' needs no build"),
                    parse("Merge Request Hook", body));
        }
    }

    @Test
    void otherEventsAreUnsupported() throws Exception {
        assertEquals(new WebhookEvent.Unsupported(Forge.GITLAB, "Note Hook"), parse("Note Hook", "{}"));
    }

    @Test
    void missingFieldsAreNamed() {
        String noProject = fixture("push-hook.json").replace("\"path_with_namespace\"", "\"path\"");
        var error = assertThrows(MalformedPayloadException.class, () -> parse("Push Hook", noProject));
        assertEquals("Push Hook payload has no 'project.path_with_namespace' field", error.getMessage());
        String noCommit = fixture("merge-request-hook.json").replace("\"last_commit\"", "\"previous_commit\"");
        var mr = assertThrows(MalformedPayloadException.class, () -> parse("Merge Request Hook", noCommit));
        assertEquals("Merge Request Hook payload has no 'object_attributes.last_commit.id' field", mr.getMessage());
        var noEvent = assertThrows(MalformedPayloadException.class, () -> parse(" ", "{}"));
        assertEquals("GitLab delivery has no X-Gitlab-Event header", noEvent.getMessage());
    }
}
