package lurch.hooks.status;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import lurch.hooks.webhook.Forge;

/** {@code POST /repos/OWNER/REPO/statuses/SHA} of GitHub's REST API. */
public record GitHubStatusApi(URI apiBase, String token) implements StatusApi {

    @Override
    public Forge forge() {
        return Forge.GITHUB;
    }

    @Override
    public HttpRequest request(String repo, CommitStatus status, Duration timeout) {
        if (repo == null || !repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("GitHub repository must be 'owner/repo', got '" + repo + "'");
        }
        return HttpRequest.newBuilder(URI.create(apiBase + "/repos/" + repo + "/statuses/" + status.sha()))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "lurch")
                .header("Content-Type", "application/json")
                .POST(JsonBody.of(body(status)))
                .build();
    }

    /** The JSON fields of a status as GitHub takes them, and Gitea too: state, target_url, description, context. */
    static Map<String, String> body(CommitStatus status) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("state", state(status.state()));
        if (status.targetUrl() != null) {
            body.put("target_url", status.targetUrl());
        }
        body.put("description", status.description());
        body.put("context", status.context());
        return body;
    }

    /** GitHub knows no running or cancelled state: running shows as pending, a cancel as error. */
    static String state(CommitState state) {
        return switch (state) {
            case PENDING, RUNNING -> "pending";
            case SUCCESS -> "success";
            case FAILURE -> "failure";
            case ERROR, CANCELED -> "error";
        };
    }

    @Override
    public String toString() {
        return "GitHub API at " + apiBase; // never the token
    }
}
