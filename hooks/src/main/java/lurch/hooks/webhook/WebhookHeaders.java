package lurch.hooks.webhook;

/** Names of the HTTP headers the forges send with a webhook delivery. */
public final class WebhookHeaders {
    /** GitHub's event name, e.g. {@code push}, {@code pull_request}, {@code ping}. */
    public static final String GITHUB_EVENT = "X-GitHub-Event";
    /** GitHub's unique id of a delivery; a redelivery repeats it. */
    public static final String GITHUB_DELIVERY = "X-GitHub-Delivery";
    /** GitHub's {@code sha256=HEX} HMAC of the raw body. */
    public static final String GITHUB_SIGNATURE = "X-Hub-Signature-256";

    /** GitLab's event name, e.g. {@code Push Hook}. */
    public static final String GITLAB_EVENT = "X-Gitlab-Event";
    /** GitLab's unique id of a delivery. */
    public static final String GITLAB_DELIVERY = "X-Gitlab-Event-UUID";
    /** GitLab sends the configured secret itself, not a signature. */
    public static final String GITLAB_TOKEN = "X-Gitlab-Token";

    /** Gitea's (and Forgejo's) event name, e.g. {@code push}, {@code pull_request}. */
    public static final String GITEA_EVENT = "X-Gitea-Event";
    /** Gitea's unique id of a delivery. */
    public static final String GITEA_DELIVERY = "X-Gitea-Delivery";
    /** Gitea's lower-case hex HMAC-SHA256 of the raw body, without GitHub's {@code sha256=} prefix. */
    public static final String GITEA_SIGNATURE = "X-Gitea-Signature";
    /** Forgejo sends the Gitea headers and these of its own; a Forgejo that dropped the Gitea ones still works. */
    public static final String FORGEJO_EVENT = "X-Forgejo-Event";
    public static final String FORGEJO_DELIVERY = "X-Forgejo-Delivery";
    public static final String FORGEJO_SIGNATURE = "X-Forgejo-Signature";

    private WebhookHeaders() {
    }
}
