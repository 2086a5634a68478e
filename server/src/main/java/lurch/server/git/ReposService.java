package lurch.server.git;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import lurch.db.Repo;
import lurch.hooks.git.RevisionNames;
import lurch.hooks.webhook.Forge;
import lurch.server.api.ApiException;
import lurch.server.api.Caller;
import lurch.server.api.Json;

/**
 * {@code /api/repos}: register (POST), list (GET), remove ({@code DELETE /api/repos/NAME}) repositories, and build
 * one by hand ({@code POST /api/repos/NAME/builds} with {@code {"ref": ...}} or {@code {"sha": ...}}).
 */
final class ReposService implements HttpService {
    private final RepoRegistry repos;
    private final HandBuilds handBuilds;

    ReposService(RepoRegistry repos, HandBuilds handBuilds) {
        this.repos = repos;
        this.handBuilds = handBuilds;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> Json.ok(res, repos.list().stream().map(RepoJson::of).toList()))
                .post("/", this::add)
                .post("/{+name}/builds", this::build)
                .get("/{+name}", (req, res) -> Json.ok(res, RepoJson.of(repos.require(name(req)))))
                .delete("/{+name}", this::remove);
    }

    /**
     * Body: {@code name}, {@code url}, {@code secret}, optional: one forge's {@code ID_token} ({@code github_token},
     * {@code gitlab_token}, {@code gitea_token}) and its API base {@code ID_url}, {@code cancel_previous},
     * {@code pull_requests} ({@code off}, {@code approve} (the default) or {@code on}), {@code branches}
     * (comma-separated globs, default all), {@code tags} (default true).
     */
    private void add(ServerRequest req, ServerResponse res) {
        JsonNode body = Json.body(req);
        StatusTarget status = statusTarget(body);
        String policy = Json.optionalString(body, "pull_requests");
        Repo.PullRequests pullRequests = policy == null ? Repo.PullRequests.APPROVE : Repo.PullRequests.ofName(policy);
        if (pullRequests == null) {
            throw ApiException.badRequest("pull_requests: expected off, approve or on");
        }
        String branches = Json.optionalString(body, "branches");
        try {
            BranchFilter.parse(branches);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("branches: " + e.getMessage());
        }
        Repo added = repos.add(new Repo(Json.optionalString(body, "name"), Json.optionalString(body, "url"),
                Json.optionalString(body, "secret"), status.forge(), status.token(),
                flag(body, "cancel_previous", false), pullRequests, null, status.apiUrl(),
                branches == null || branches.isBlank() ? null : branches.strip(), flag(body, "tags", true)));
        Json.send(res, Status.CREATED_201, RepoJson.of(added));
    }

    /** Whose commit-status API a repository reports to, with which token and at which URL; all null for none. */
    private record StatusTarget(String forge, String token, String apiUrl) {}

    private static StatusTarget statusTarget(JsonNode body) {
        StatusTarget target = new StatusTarget(null, null, null);
        for (Forge forge : Forge.ALL) {
            String token = Json.optionalString(body, forge.id() + "_token");
            String url = Json.optionalString(body, forge.id() + "_url");
            if (url != null && token == null) {
                throw ApiException.badRequest(forge.id() + "_url: give it with " + forge.id() + "_token");
            }
            if (token == null) {
                continue;
            }
            if (target.forge() != null) {
                throw ApiException.badRequest("give the token of one forge, not " + target.forge() + "_token and "
                        + forge.id() + "_token");
            }
            if (url != null) {
                checkApiUrl(forge.id() + "_url", url);
            }
            target = new StatusTarget(forge.id(), token, url);
        }
        return target;
    }

    private static void checkApiUrl(String field, String url) {
        String scheme;
        try {
            scheme = new URI(url).getScheme();
        } catch (URISyntaxException e) {
            throw ApiException.badRequest(field + ": '" + url + "' is not a URL: " + e.getReason());
        }
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw ApiException.badRequest(field + ": expected an http(s):// URL, not '" + url + "'");
        }
    }

    private static boolean flag(JsonNode body, String field, boolean fallback) {
        JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(field + ": expected true or false");
        }
        return value.asBoolean();
    }

    private void remove(ServerRequest req, ServerResponse res) {
        repos.remove(name(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void build(ServerRequest req, ServerResponse res) {
        String name = repos.require(name(req)).name();
        JsonNode body = Json.body(req);
        String ref = Json.optionalString(body, "ref");
        String sha = Json.optionalString(body, "sha");
        if (ref != null && sha != null) {
            throw ApiException.badRequest("give ref or sha, not both");
        }
        // Checked before they reach JGit, which reads loose refs as files.
        if (sha != null && !RevisionNames.isSha(sha)) {
            throw ApiException.badRequest("sha: expected the 40 lower-case hex digits of a commit");
        }
        if (ref != null && !RevisionNames.isRefName(ref)) {
            throw ApiException.badRequest("ref: expected a branch or tag name, or a full ref (refs/...), as git allows"
                    + " them: no '..', no control characters, no part starting with '.'");
        }
        Map<String, Object> answer = handBuilds.build(name, sha != null ? sha : ref, Caller.of(req).by());
        Json.send(res, "started".equals(answer.get("outcome")) ? Status.CREATED_201 : Status.OK_200, answer);
    }

    private static String name(ServerRequest req) {
        return req.path().pathParameters().get("name");
    }
}
