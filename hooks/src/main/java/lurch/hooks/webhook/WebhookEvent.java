package lurch.hooks.webhook;

/**
 * What a webhook delivery asks of Lurch, whichever forge sent it.
 *
 * <p>{@code repo} is always the forge's full path of the repository ({@code owner/repo} on GitHub,
 * {@code path_with_namespace} on GitLab), which the server matches against registered repositories.
 */
public sealed interface WebhookEvent {

    /** The forge checks that the hook works; answer 200 and do nothing. */
    record Ping(String repo) implements WebhookEvent {
    }

    /**
     * A commit to build.
     *
     * @param ref       the ref that holds the commit: {@code refs/heads/B}, {@code refs/tags/T}, or for a pull or
     *                  merge request the forge's ref of its head ({@code refs/pull/N/head},
     *                  {@code refs/merge-requests/N/head}), which exists in the target repository even for forks
     * @param branch    the branch pushed to, or the source branch of a pull/merge request; null for tags
     * @param tag       the tag name for tag pushes, else null
     * @param author    the commit author's name (the pusher's when the payload names no commit)
     * @param message   the commit message, or the pull/merge request title when the payload has no message
     * @param url       a web page of the commit, pull/merge request or repository, for display
     * @param prNumber  the pull request number or merge request iid; null for pushes
     * @param fork      the full path of the fork a pull/merge request's commits come from ({@link #UNKNOWN_FORK}
     *                  when the forge no longer names it); null for pushes and requests from the repository itself.
     *                  Code from a fork is written by someone who cannot push to the repository.
     */
    record Build(Forge forge, String repo, Kind kind, String ref, String branch, String tag, String commitSha,
                 String author, String message, String url, Integer prNumber, String fork) implements WebhookEvent {
        /** The fork of a request whose source repository was deleted, or that the payload does not name. */
        public static final String UNKNOWN_FORK = "(unknown fork)";

        public boolean fromFork() {
            return fork != null;
        }
    }

    /** A delivery about the repository that needs no build, e.g. a branch deletion or a closed pull request. */
    record Ignored(String repo, String reason) implements WebhookEvent {
    }

    /** An event type Lurch does not handle; the server answers 202 so the forge does not report a failure. */
    record Unsupported(Forge forge, String event) implements WebhookEvent {
    }

    /** What kind of change triggered a build. */
    enum Kind {
        PUSH,
        TAG,
        PULL_REQUEST,
        MERGE_REQUEST
    }
}
