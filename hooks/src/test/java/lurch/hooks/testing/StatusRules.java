package lurch.hooks.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import java.util.Set;
import java.util.regex.Pattern;
import lurch.hooks.testing.FakeForge.Verdict;

/**
 * What GitHub, GitLab and Gitea check on a commit-status request, and how they answer a violation: GitHub and Gitea
 * with 422, GitLab with 400, all with 401 for a missing or wrong token and 404 for another route.
 */
enum StatusRules {
    GITHUB(Pattern.compile("/repos/[^/]+/[^/]+/statuses/[0-9a-f]{40}"),
            Set.of("pending", "success", "failure", "error"), "context", 422),
    GITLAB(Pattern.compile("/api/v4/projects/[^/]+/statuses/[0-9a-f]{40}"),
            Set.of("pending", "running", "success", "failed", "canceled", "skipped"), "name", 400),
    /** Gitea's and Forgejo's {@code POST /api/v1/repos/{owner}/{repo}/statuses/{sha}}. */
    GITEA(Pattern.compile("/api/v1/repos/[^/]+/[^/]+/statuses/[0-9a-f]{40}"),
            Set.of("pending", "success", "error", "failure", "warning"), "context", 422);

    private final Pattern path;
    private final Set<String> states;
    private final String nameField;
    private final int invalidStatus;

    StatusRules(Pattern path, Set<String> states, String nameField, int invalidStatus) {
        this.path = path;
        this.states = states;
        this.nameField = nameField;
        this.invalidStatus = invalidStatus;
    }

    Verdict check(String method, String rawPath, Headers headers, JsonNode json, String token) {
        if (!method.equals("POST") || !path.matcher(rawPath).matches()) {
            return new Verdict(404, "{\"message\":\"Not Found\"}");
        }
        Verdict auth = switch (this) {
            case GITHUB -> gitHubHeaders(headers, token);
            case GITLAB -> gitLabHeaders(headers, token);
            case GITEA -> giteaHeaders(headers, token);
        };
        if (auth != null) {
            return auth;
        }
        if (json == null || !json.isObject()) {
            return new Verdict(400, "{\"message\":\"Problems parsing JSON\"}");
        }
        String state = json.path("state").asText(null);
        if (state == null || !states.contains(state)) {
            return invalid("state must be one of " + states + ", got " + state);
        }
        if (!json.path(nameField).isTextual() || json.path(nameField).asText().isBlank()) {
            return invalid(nameField + " is missing");
        }
        if (json.path("description").asText("").length() > 140) {
            return invalid("description is too long (maximum is 140 characters)");
        }
        return new Verdict(201, json.toString());
    }

    private static Verdict gitHubHeaders(Headers headers, String token) {
        String authorization = headers.getFirst("Authorization");
        if (authorization == null) {
            return new Verdict(401, "{\"message\":\"Requires authentication\"}");
        }
        if (!authorization.equals("Bearer " + token) && !authorization.equals("token " + token)) {
            return new Verdict(401, "{\"message\":\"Bad credentials\"}");
        }
        if (headers.getFirst("User-Agent") == null) {
            return new Verdict(403, "{\"message\":\"Request forbidden: a User-Agent header is required\"}");
        }
        String accept = headers.getFirst("Accept");
        if (accept == null || !accept.contains("application/vnd.github+json")) {
            return new Verdict(415, "{\"message\":\"Unsupported 'Accept' header\"}");
        }
        return null;
    }

    private static Verdict gitLabHeaders(Headers headers, String token) {
        if (!token.equals(headers.getFirst("PRIVATE-TOKEN"))) {
            return new Verdict(401, "{\"message\":\"401 Unauthorized\"}");
        }
        return null;
    }

    private static Verdict giteaHeaders(Headers headers, String token) {
        if (!("token " + token).equals(headers.getFirst("Authorization"))) {
            return new Verdict(401, "{\"message\":\"token is required\"}");
        }
        if (!"application/json".equals(headers.getFirst("Content-Type"))) {
            return new Verdict(415, "{\"message\":\"Content-Type must be application/json\"}");
        }
        return null;
    }

    private Verdict invalid(String why) {
        String message = this == GITHUB ? "Validation Failed" : why;
        return new Verdict(invalidStatus, "{\"message\":\"" + message + "\",\"errors\":[\"" + why + "\"]}");
    }
}
