package lurch.server.git;

import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import lurch.db.Delivery;
import lurch.db.DeliveryOutcome;
import lurch.db.DeliveryStore;
import lurch.hooks.git.GitMirrorException;
import lurch.server.api.ApiException;

/**
 * {@code lurch build NAME}: builds a revision of a registered repository at once, as a push would, and records it
 * among the deliveries (forge "manual") so it shows with them.
 */
final class HandBuilds {
    /** What a build by hand builds when it names no revision. */
    static final String DEFAULT_REVISION = "main";

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
            outcome = builds.build(new BuildRequest(repo, wanted, null, null, by));
        } catch (GitMirrorException e) {
            throw new ApiException(Status.create(422, "Unprocessable Content"), "cannot build " + repo + " at '" + wanted + "': "
                    + e.getMessage(), Map.of());
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
                null, null, outcome, runId, message, null, null));
        answer.put("outcome", outcome.dbName());
        answer.put("run", runId);
        answer.put("message", message);
    }
}
