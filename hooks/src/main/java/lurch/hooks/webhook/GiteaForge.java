package lurch.hooks.webhook;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import lurch.hooks.status.GiteaStatusApi;
import lurch.hooks.status.StatusApi;

/**
 * Gitea and Forgejo: deliveries signed with a hex HMAC ({@code X-Gitea-Signature}, Forgejo also
 * {@code X-Forgejo-Signature}) whose push and pull-request payloads follow GitHub's shape, and the commit-status API
 * {@code POST /api/v1/repos/OWNER/REPO/statuses/SHA}. A self-hosted instance has no default API URL.
 */
final class GiteaForge implements Forge {
    private static final DeliveryHeaders HEADERS = new DeliveryHeaders(
            List.of(WebhookHeaders.GITEA_EVENT, WebhookHeaders.FORGEJO_EVENT),
            List.of(WebhookHeaders.GITEA_DELIVERY, WebhookHeaders.FORGEJO_DELIVERY),
            List.of(WebhookHeaders.GITEA_SIGNATURE, WebhookHeaders.FORGEJO_SIGNATURE));
    /** Gitea says "synchronized" where GitHub says "synchronize". */
    private static final Set<String> BUILD_ACTIONS = Set.of("opened", "synchronized", "reopened");
    private static final Set<String> EVENTS = Set.of("push", "pull_request");

    @Override
    public String id() {
        return "gitea";
    }

    @Override
    public String title() {
        return "Gitea";
    }

    @Override
    public String defaultApiUrl() {
        return null;
    }

    @Override
    public DeliveryHeaders headers() {
        return HEADERS;
    }

    @Override
    public boolean handles(String event) {
        return event != null && EVENTS.contains(event.trim());
    }

    @Override
    public Optional<String> repositoryName(byte[] body) throws MalformedPayloadException {
        return RepositoryName.find(body, "repository", "full_name");
    }

    @Override
    public boolean verify(String secret, byte[] body, String signature) {
        return WebhookSignatures.validGitea(secret, body, signature);
    }

    @Override
    public WebhookEvent parse(String event, byte[] body) throws MalformedPayloadException {
        if (event == null || event.isBlank()) {
            throw new MalformedPayloadException("Gitea delivery has no " + WebhookHeaders.GITEA_EVENT + " header");
        }
        return switch (event.trim()) {
            case "push" -> GitHubEvents.push(this, Payload.parse("push", body));
            case "pull_request" -> GitHubEvents.pullRequest(this, Payload.parse("pull_request", body), BUILD_ACTIONS);
            default -> new WebhookEvent.Unsupported(this, event.trim());
        };
    }

    @Override
    public StatusApi statusApi(URI apiBase, String token) {
        return new GiteaStatusApi(apiBase, token);
    }

    @Override
    public String toString() {
        return title();
    }
}
