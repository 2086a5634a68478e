package lurch.server.git;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import lurch.db.Repo;
import lurch.hooks.git.RevisionNames;
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
     * Body: {@code name}, {@code url}, {@code secret}, optional {@code github_token} or {@code gitlab_token},
     * {@code cancel_previous}, {@code pull_requests} ({@code off}, {@code approve} (the default) or {@code on}).
     */
    private void add(ServerRequest req, ServerResponse res) {
        JsonNode body = Json.body(req);
        String github = Json.optionalString(body, "github_token");
        String gitlab = Json.optionalString(body, "gitlab_token");
        if (github != null && gitlab != null) {
            throw ApiException.badRequest("give github_token or gitlab_token, not both");
        }
        JsonNode cancel = body.path("cancel_previous");
        if (!cancel.isMissingNode() && !cancel.isNull() && !cancel.isBoolean()) {
            throw ApiException.badRequest("cancel_previous: expected true or false");
        }
        String policy = Json.optionalString(body, "pull_requests");
        Repo.PullRequests pullRequests = policy == null ? Repo.PullRequests.APPROVE : Repo.PullRequests.ofName(policy);
        if (pullRequests == null) {
            throw ApiException.badRequest("pull_requests: expected off, approve or on");
        }
        Repo added = repos.add(new Repo(Json.optionalString(body, "name"), Json.optionalString(body, "url"),
                Json.optionalString(body, "secret"), github != null ? "github" : gitlab != null ? "gitlab" : null,
                github != null ? github : gitlab, cancel.asBoolean(false), pullRequests, null));
        Json.send(res, Status.CREATED_201, RepoJson.of(added));
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
