package lurch.hooks.webhook;

import java.net.URI;
import java.util.Optional;
import lurch.hooks.status.GitLabStatusApi;
import lurch.hooks.status.StatusApi;

/** GitLab: deliveries that carry the secret token itself ({@link GitLabEvents}) and its commit-status API. */
final class GitLabForge implements Forge {
    private static final DeliveryHeaders HEADERS = DeliveryHeaders.of(WebhookHeaders.GITLAB_EVENT,
            WebhookHeaders.GITLAB_DELIVERY, WebhookHeaders.GITLAB_TOKEN);

    @Override
    public String id() {
        return "gitlab";
    }

    @Override
    public String title() {
        return "GitLab";
    }

    @Override
    public String defaultApiUrl() {
        return "https://gitlab.com/api/v4";
    }

    @Override
    public DeliveryHeaders headers() {
        return HEADERS;
    }

    @Override
    public boolean handles(String event) {
        return GitLabEvents.supports(event);
    }

    @Override
    public Optional<String> repositoryName(byte[] body) throws MalformedPayloadException {
        return RepositoryName.find(body, "project", "path_with_namespace");
    }

    @Override
    public boolean verify(String secret, byte[] body, String signature) {
        return WebhookSignatures.validGitLab(secret, signature);
    }

    @Override
    public WebhookEvent parse(String event, byte[] body) throws MalformedPayloadException {
        return GitLabEvents.parse(event, body);
    }

    @Override
    public StatusApi statusApi(URI apiBase, String token) {
        return new GitLabStatusApi(apiBase, token);
    }

    @Override
    public String toString() {
        return title();
    }
}
