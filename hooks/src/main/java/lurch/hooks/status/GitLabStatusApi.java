package lurch.hooks.status;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import lurch.hooks.webhook.Forge;

/** {@code POST /projects/:id/statuses/:sha} of GitLab's REST API, the project named by its URL-encoded path. */
public record GitLabStatusApi(URI apiBase, String token) implements StatusApi {

    @Override
    public Forge forge() {
        return Forge.GITLAB;
    }

    @Override
    public HttpRequest request(String repo, CommitStatus status, Duration timeout) {
        if (repo == null || repo.isBlank()) {
            throw new IllegalArgumentException("GitLab project path is empty");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("state", state(status.state()));
        if (status.targetUrl() != null) {
            body.put("target_url", status.targetUrl());
        }
        body.put("name", status.context());
        body.put("description", status.description());
        // "group/sub/project" must travel as one segment: group%2Fsub%2Fproject.
        String project = URLEncoder.encode(repo, StandardCharsets.UTF_8).replace("+", "%20");
        return HttpRequest.newBuilder(URI.create(apiBase + "/projects/" + project + "/statuses/" + status.sha()))
                .timeout(timeout)
                .header("PRIVATE-TOKEN", token)
                .header("User-Agent", "lurch")
                .header("Content-Type", "application/json")
                .POST(JsonBody.of(body))
                .build();
    }

    static String state(CommitState state) {
        return switch (state) {
            case PENDING -> "pending";
            case RUNNING -> "running";
            case SUCCESS -> "success";
            case FAILURE, ERROR -> "failed";
            case CANCELED -> "canceled";
        };
    }

    @Override
    public String toString() {
        return "GitLab API at " + apiBase; // never the token
    }
}
