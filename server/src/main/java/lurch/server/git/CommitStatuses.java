package lurch.server.git;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.Repo;
import lurch.db.Run;
import lurch.db.RunStatus;
import lurch.db.RunStore;
import lurch.hooks.status.CommitState;
import lurch.hooks.status.CommitStatus;
import lurch.hooks.status.StatusApi;
import lurch.hooks.status.StatusReporter;
import lurch.hooks.webhook.Forge;
import lurch.server.engine.RunControl;
import lurch.server.engine.RunListener;

/**
 * Puts a git-triggered run's state on its commit at the forge: pending when it starts, then its end. Sending is
 * asynchronous with retries ({@link StatusReporter}) and never holds up a run; every attempt and its answer goes
 * into the run's log. The final state is found from the ended run's data ({@code git_repo}, {@code git_commit}),
 * so runs that end after a restart are reported too.
 */
final class CommitStatuses implements RunListener {
    private static final Logger LOG = Logger.getLogger(CommitStatuses.class.getName());

    /**
     * The base URLs of the forges' APIs ({@code LURCH_<ID>_API_URL}; a repository's own URL wins) and of the links
     * back to Lurch's run pages.
     */
    record Urls(Map<Forge, String> apiUrls, String publicUrl) {}

    private final StatusReporter reporter;
    private final RepoRegistry repos;
    private final RunStore runs;
    private final RunControl control;
    private final Urls urls;

    CommitStatuses(StatusReporter reporter, RepoRegistry repos, RunStore runs, RunControl control, Urls urls) {
        this.reporter = reporter;
        this.repos = repos;
        this.runs = runs;
        this.control = control;
        this.urls = urls;
    }

    /** Reports that run {@code runId} of commit {@code sha} has started. */
    void pending(Repo repo, String sha, long runId) {
        send(repo, sha, runId, CommitState.PENDING, "Run #" + runId + " is running");
    }

    @Override
    public void runChanged(Run run) {
        if (run.isTop() && run.status().isFinal()) {
            // Listeners are called on engine threads; reading the run's data must not hold them up.
            Thread.ofVirtual().start(() -> reportEnd(run));
        }
    }

    private void reportEnd(Run run) {
        try {
            Map<String, String> data = runs.data(run.id());
            String sha = data.get(GitVariables.COMMIT);
            String repoName = data.get(GitVariables.REPO);
            if (sha != null && repoName != null) {
                repos.get(repoName).ifPresent(repo -> send(repo, sha, run.id(), stateOf(run), describe(run)));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot report the end of run #" + run.id() + " to its forge", e);
        }
    }

    /** A run that never got a program version was rejected: its {@code .lurch} is invalid, an error. */
    static CommitState stateOf(Run run) {
        if (run.programVersionId() == 0) {
            return CommitState.ERROR;
        }
        return switch (run.status()) {
            case SUCCESS -> CommitState.SUCCESS;
            case CANCELLED -> CommitState.CANCELED;
            default -> CommitState.FAILURE;
        };
    }

    private static String describe(Run run) {
        if (run.programVersionId() == 0) {
            return "Invalid " + GitBuilds.PROGRAM_FILE + ": " + run.label().replaceFirst("^invalid program: ", "");
        }
        String outcome = run.status() == RunStatus.SUCCESS ? "succeeded"
                : run.status() == RunStatus.CANCELLED ? "was cancelled" : "failed";
        return "Run #" + run.id() + " " + outcome + " (exit code " + run.exitCode() + ")";
    }

    private void send(Repo repo, String sha, long runId, CommitState state, String description) {
        if (repo.statusForge() == null || repo.statusToken() == null) {
            return; // registered without an API token: no statuses wanted
        }
        Forge forge = Forge.named(repo.statusForge()).orElse(null);
        if (forge == null) {
            control.note(runId, "Commit status: unknown forge '" + repo.statusForge() + "'");
            return;
        }
        StatusApi api;
        try {
            api = StatusApi.of(forge, repo.statusUrl() != null ? repo.statusUrl() : urls.apiUrls().get(forge),
                    repo.statusToken());
        } catch (IllegalArgumentException e) {
            control.note(runId, "Commit status: " + e.getMessage());
            return;
        }
        CommitStatus status = new CommitStatus(sha, state, repo.name(), urls.publicUrl() + "/runs/" + runId,
                description);
        reporter.report(api, repo.name(), status, attempt -> control.note(runId, "Commit status: " + attempt.describe()));
    }
}
