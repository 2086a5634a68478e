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

    private WebhookHeaders() {
    }
}
