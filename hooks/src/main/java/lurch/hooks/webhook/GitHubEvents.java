package lurch.hooks.webhook;

import java.util.Set;
import lurch.hooks.webhook.WebhookEvent.Build;
import lurch.hooks.webhook.WebhookEvent.Ignored;
import lurch.hooks.webhook.WebhookEvent.Kind;

/**
 * Turns a GitHub delivery ({@code X-GitHub-Event} and raw body) into a {@link WebhookEvent}. Gitea and Forgejo send
 * pushes and pull requests in GitHub's shape, so {@link GiteaForge} reads them here too.
 */
public final class GitHubEvents {
    /** Pull request actions that put new code on the pull request's head. */
    private static final Set<String> BUILD_ACTIONS = Set.of("opened", "synchronize", "reopened");
    private static final Set<String> EVENTS = Set.of("ping", "push", "pull_request");

    private GitHubEvents() {
    }

    /** Whether {@link #parse} understands {@code eventHeader}; others need not be read at all. */
    public static boolean supports(String eventHeader) {
        return eventHeader != null && EVENTS.contains(eventHeader.trim());
    }

    /**
     * Parses a delivery: {@code ping}, {@code push} and {@code pull_request} are understood, every other event is
     * {@link WebhookEvent.Unsupported}.
     *
     * @throws MalformedPayloadException when the event header is missing, the body is not JSON or lacks a needed field
     */
    public static WebhookEvent parse(String eventHeader, byte[] body) throws MalformedPayloadException {
        if (eventHeader == null || eventHeader.isBlank()) {
            throw new MalformedPayloadException("GitHub delivery has no " + WebhookHeaders.GITHUB_EVENT + " header");
        }
        return switch (eventHeader.trim()) {
            // Organisation hooks ping without a repository; the repo is then null.
            case "ping" -> new WebhookEvent.Ping(Payload.parse("ping", body).optionalText("repository.full_name"));
            case "push" -> push(Forge.GITHUB, Payload.parse("push", body));
            case "pull_request" -> pullRequest(Forge.GITHUB, Payload.parse("pull_request", body), BUILD_ACTIONS);
            default -> new WebhookEvent.Unsupported(Forge.GITHUB, eventHeader.trim());
        };
    }

    /**
     * A push of {@code forge} in GitHub's shape; without {@code head_commit} (older Gitea) the pushed commit is
     * found among {@code commits}.
     */
    static WebhookEvent push(Forge forge, Payload push) throws MalformedPayloadException {
        String repo = push.text("repository.full_name");
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
        // For an annotated tag "after" is the tag object; head_commit names the commit it points at.
        String sha = push.textOr("head_commit.id", after);
        Payload head = push.optionalText("head_commit.id") != null ? push.object("head_commit")
                : push.element("commits", "id", sha);
        String author = head.optionalText("author.name");
        String url = head.optionalText("url");
        return new Build(forge, repo, isTag ? Kind.TAG : Kind.PUSH, ref,
                isTag ? null : name, isTag ? name : null, sha,
                author != null ? author : push.firstText("pusher.name", "pusher.login", "sender.login"),
                head.textOr("message", ""),
                url != null ? url : push.optionalText("repository.html_url"),
                null, null);
    }

    /** The head repository when it is not {@code repo}; GitHub sends a null head repository once a fork is deleted. */
    private static String forkOf(Payload pr, String repo) throws MalformedPayloadException {
        String head = pr.textOr("pull_request.head.repo.full_name", Build.UNKNOWN_FORK);
        return head.equals(repo) ? null : head;
    }

    /** A pull request of {@code forge} in GitHub's shape; {@code buildActions} put new code on its head. */
    static WebhookEvent pullRequest(Forge forge, Payload pr, Set<String> buildActions)
            throws MalformedPayloadException {
        String repo = pr.text("repository.full_name");
        String action = pr.text("action");
        int number = pr.integer("number");
        if (!buildActions.contains(action)) {
            return new Ignored(repo, "pull request #" + number + " was " + action);
        }
        return new Build(forge, repo, Kind.PULL_REQUEST, "refs/pull/" + number + "/head",
                pr.text("pull_request.head.ref"), null, pr.text("pull_request.head.sha"),
                pr.firstText("pull_request.user.login", "sender.login"),
                pr.textOr("pull_request.title", ""),
                pr.firstText("pull_request.html_url", "repository.html_url"),
                number, forkOf(pr, repo));
    }
}
