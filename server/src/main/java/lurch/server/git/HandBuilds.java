package lurch.server.git;

import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import lurch.db.Delivery;
import lurch.db.DeliveryOutcome;
import lurch.db.DeliveryStore;
import java.util.logging.Logger;
import lurch.hooks.git.GitMirrorException;
import lurch.hooks.git.UnknownRevisionException;
import lurch.server.api.ApiException;
import lurch.server.api.Incidents;

/**
 * {@code lurch build NAME}: builds a revision of a registered repository at once, as a push would, and records it
 * among the deliveries (forge "manual") so it shows with them.
 */
final class HandBuilds {
    /** What a build by hand builds when it names no revision. */
    static final String DEFAULT_REVISION = "main";
    private static final Logger LOG = Logger.getLogger(HandBuilds.class.getName());

    private final GitBuilds builds;
    private final DeliveryStore deliveries;

    HandBuilds(GitBuilds builds, DeliveryStore deliveries) {
        this.builds = builds;
        this.deliveries = deliveries;
    }

    /** Builds {@code revision} (branch, tag, ref or sha; null for main) and answers what came of it. */
    Map<String, Object> build(String repo, String revision, String by) {
        String wanted = revision == null ? DEFAULT_REVISION : revision;
        BuildOutcome outcome;
        try {
            outcome = builds.build(new BuildRequest(repo, wanted, null, null, by, null));
        } catch (UnknownRevisionException e) {
            throw new ApiException(Status.create(422, "Unprocessable Content"), "cannot build " + repo + ": there is no"
                    + " branch, tag or commit '" + wanted + "'", Map.of());
        } catch (GitMirrorException e) {
            // Fetch and read failures carry JGit's words, a URL, a path: for the log, not the caller.
            String id = Incidents.log(LOG, "building " + repo + " at '" + wanted + "' failed", e);
            throw new ApiException(Status.BAD_GATEWAY_502, "cannot fetch or read " + repo + " (error id " + id
                    + "; the server's log has the details)", Map.of("error_id", id));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("repo", repo);
        answer.put("commit", outcome.sha());
        switch (outcome) {
            case BuildOutcome.Started s -> record(answer, repo, wanted, s.sha(), DeliveryOutcome.STARTED, s.runId(),
                    "started run #" + s.runId());
            case BuildOutcome.Skipped s -> record(answer, repo, wanted, s.sha(), DeliveryOutcome.SKIPPED, null,
                    s.reason());
            case BuildOutcome.Rejected r -> record(answer, repo, wanted, r.sha(), DeliveryOutcome.FAILED, r.runId(),
                    r.error());
        }
        return answer;
    }

    private void record(Map<String, Object> answer, String repo, String revision, String sha, DeliveryOutcome outcome,
                        Long runId, String message) {
        deliveries.accept(new Delivery(0, "manual", UUID.randomUUID().toString(), "build", repo, revision, null, sha,
                null, null, null, outcome, runId, message, null, null));
        answer.put("outcome", outcome.dbName());
        answer.put("run", runId);
        answer.put("message", message);
    }
}
