package lurch.hooks.webhook;

import java.util.Set;
import lurch.hooks.webhook.WebhookEvent.Build;
import lurch.hooks.webhook.WebhookEvent.Ignored;
import lurch.hooks.webhook.WebhookEvent.Kind;

/** Turns a GitLab delivery ({@code X-Gitlab-Event} and raw body) into a {@link WebhookEvent}. */
public final class GitLabEvents {
    private static final Set<String> BUILD_ACTIONS = Set.of("open", "reopen", "update");
    private static final Set<String> EVENTS = Set.of("Push Hook", "Tag Push Hook", "Merge Request Hook");

    private GitLabEvents() {
    }

    /** Whether {@link #parse} understands {@code eventHeader}; others need not be read at all. */
    public static boolean supports(String eventHeader) {
        return eventHeader != null && EVENTS.contains(eventHeader.trim());
    }

    /**
     * Parses a delivery: {@code Push Hook}, {@code Tag Push Hook} and {@code Merge Request Hook} are understood,
     * every other event is {@link WebhookEvent.Unsupported}.
     *
     * @throws MalformedPayloadException when the event header is missing, the body is not JSON or lacks a needed field
     */
    public static WebhookEvent parse(String eventHeader, byte[] body) throws MalformedPayloadException {
        if (eventHeader == null || eventHeader.isBlank()) {
            throw new MalformedPayloadException("GitLab delivery has no " + WebhookHeaders.GITLAB_EVENT + " header");
        }
        String event = eventHeader.trim();
        return switch (event) {
            case "Push Hook", "Tag Push Hook" -> push(Payload.parse(event, body));
            case "Merge Request Hook" -> mergeRequest(Payload.parse(event, body));
            default -> new WebhookEvent.Unsupported(Forge.GITLAB, event);
        };
    }

    private static WebhookEvent push(Payload push) throws MalformedPayloadException {
        String repo = push.text("project.path_with_namespace");
        String ref = push.text("ref");
        String after = push.text("after");
        if (GitRefs.isDeletion(after)) {
            return new Ignored(repo, GitRefs.describe(ref) + " was deleted");
        }
        boolean isTag = ref.startsWith(GitRefs.TAG_PREFIX);
        if (!isTag && !ref.startsWith(GitRefs.BRANCH_PREFIX)) {
            return new Ignored(repo, "push to " + ref + " is neither a branch nor a tag");
        }
        String name = ref.substring(isTag ? GitRefs.TAG_PREFIX.length() : GitRefs.BRANCH_PREFIX.length());
        // For an annotated tag "after" is the tag object; checkout_sha is the commit.
        String sha = push.textOr("checkout_sha", after);
        Payload head = push.element("commits", "id", sha);
        return new Build(Forge.GITLAB, repo, isTag ? Kind.TAG : Kind.PUSH, ref,
                isTag ? null : name, isTag ? name : null, sha,
                head.textOr("author.name", push.optionalText("user_name")),
                head.textOr("message", ""),
                head.textOr("url", push.optionalText("project.web_url")),
                null, null);
    }

    /**
     * The source project when it is not the target: by project id when the payload has both ids (paths can be
     * renamed), else by path.
     */
    private static String forkOf(Payload mr, String repo) throws MalformedPayloadException {
        String source = mr.textOr("object_attributes.source.path_with_namespace", Build.UNKNOWN_FORK);
        String sourceId = mr.optionalText("object_attributes.source_project_id");
        String targetId = mr.optionalText("object_attributes.target_project_id");
        boolean same = sourceId != null && targetId != null ? sourceId.equals(targetId) : source.equals(repo);
        return same ? null : source;
    }

    private static WebhookEvent mergeRequest(Payload mr) throws MalformedPayloadException {
        String repo = mr.text("project.path_with_namespace");
        int iid = mr.integer("object_attributes.iid");
        String action = mr.textOr("object_attributes.action", "");
        if (!BUILD_ACTIONS.contains(action)) {
            return new Ignored(repo, "merge request !" + iid + " action '" + action + "' needs no build");
        }
        // An update without "oldrev" changed only the title, labels or the like, not the code.
        if (action.equals("update") && mr.optionalText("object_attributes.oldrev") == null) {
            return new Ignored(repo, "merge request !" + iid + " was updated without new commits");
        }
        return new Build(Forge.GITLAB, repo, Kind.MERGE_REQUEST, "refs/merge-requests/" + iid + "/head",
                mr.text("object_attributes.source_branch"), null, mr.text("object_attributes.last_commit.id"),
                mr.firstText("object_attributes.last_commit.author.name", "user.name"),
                mr.textOr("object_attributes.last_commit.message", mr.textOr("object_attributes.title", "")),
                mr.firstText("object_attributes.url", "project.web_url"),
                iid, forkOf(mr, repo));
    }
}
