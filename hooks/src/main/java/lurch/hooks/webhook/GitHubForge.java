package lurch.hooks.webhook;

import java.net.URI;
import java.util.Optional;
import lurch.hooks.status.GitHubStatusApi;
import lurch.hooks.status.StatusApi;

/** GitHub: HMAC-signed deliveries ({@link GitHubEvents}) and its commit-status API. */
final class GitHubForge implements Forge {
    private static final DeliveryHeaders HEADERS = DeliveryHeaders.of(WebhookHeaders.GITHUB_EVENT,
            WebhookHeaders.GITHUB_DELIVERY, WebhookHeaders.GITHUB_SIGNATURE);

    @Override
    public String id() {
        return "github";
    }

    @Override
    public String title() {
        return "GitHub";
    }

    @Override
    public String defaultApiUrl() {
        return "https://api.github.com";
    }

    @Override
    public DeliveryHeaders headers() {
        return HEADERS;
    }

    @Override
    public boolean handles(String event) {
        return GitHubEvents.supports(event);
    }

    @Override
    public Optional<String> repositoryName(byte[] body) throws MalformedPayloadException {
        return RepositoryName.find(body, "repository", "full_name");
    }

    @Override
    public boolean verify(String secret, byte[] body, String signature) {
        return WebhookSignatures.validGitHub(secret, body, signature);
    }

    @Override
    public WebhookEvent parse(String event, byte[] body) throws MalformedPayloadException {
        return GitHubEvents.parse(event, body);
    }

    @Override
    public StatusApi statusApi(URI apiBase, String token) {
        return new GitHubStatusApi(apiBase, token);
    }

    @Override
    public String toString() {
        return title();
    }
}
