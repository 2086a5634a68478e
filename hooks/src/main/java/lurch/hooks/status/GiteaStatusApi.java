package lurch.hooks.status;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import lurch.hooks.webhook.Forge;

/**
 * {@code POST /api/v1/repos/OWNER/REPO/statuses/SHA} of Gitea's (and Forgejo's) REST API with
 * {@code Authorization: token T}. The base may be the instance's URL or its API root: {@code /api/v1} is added
 * when it is missing.
 */
public record GiteaStatusApi(URI apiBase, String token) implements StatusApi {
    private static final String API_ROOT = "/api/v1";

    @Override
    public Forge forge() {
        return Forge.GITEA;
    }

    @Override
    public HttpRequest request(String repo, CommitStatus status, Duration timeout) {
        if (repo == null || !repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("Gitea repository must be 'owner/repo', got '" + repo + "'");
        }
        String root = apiBase.toString().endsWith(API_ROOT) ? apiBase.toString() : apiBase + API_ROOT;
        return HttpRequest.newBuilder(URI.create(root + "/repos/" + repo + "/statuses/" + status.sha()))
                .timeout(timeout)
                .header("Authorization", "token " + token)
                .header("User-Agent", "lurch")
                .header("Content-Type", "application/json")
                // Gitea's fields and states are GitHub's (plus "warning"): no running, no cancelled.
                .POST(JsonBody.of(GitHubStatusApi.body(status)))
                .build();
    }

    @Override
    public String toString() {
        return "Gitea API at " + apiBase; // never the token
    }
}
