package lurch.server.git;

import io.helidon.webserver.http.HttpRouting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lurch.db.DeliveryStore;
import lurch.db.ProgramStore;
import lurch.db.Repo;
import lurch.db.RepoStore;
import lurch.db.RunStore;
import lurch.hooks.git.GitMirrorException;
import lurch.hooks.git.GitMirrors;
import lurch.hooks.status.StatusReporter;
import lurch.hooks.webhook.Forge;
import lurch.server.engine.RunControl;
import lurch.server.engine.WorkspacePreparation;

/**
 * Git-driven builds wired together: registered repositories, webhook intake and its queue, mirrors under
 * {@code $LURCH_HOME/git}, builds, and commit statuses. Construct after the engine has resumed; it then redoes the
 * checkouts of the builds a previous server had not started, and resumes the deliveries it left queued.
 */
public final class GitIntegration implements AutoCloseable {
    private final GitMirrors mirrors;
    private final DeliveryQueue queue;
    private final RepoRegistry repos;
    private final WebhookIntake intake;
    private final HandBuilds handBuilds;
    private final DeliveryStore deliveries;
    private final int hookMaxBytes;
    private final GitBuilds builds;

    /**
     * @param apiUrls    per forge LURCH_<ID>_API_URL, or its default (none for Gitea)
     * @param publicUrl  LURCH_PUBLIC_URL: commit statuses link to {@code publicUrl/runs/ID}
     * @param hookMaxBytes LURCH_HOOK_MAX_BYTES: the largest webhook body read
     */
    public GitIntegration(Path home, RepoStore repoStore, DeliveryStore deliveries, ProgramStore programs,
                          RunStore runs, RunControl control, Map<Forge, String> apiUrls, String publicUrl,
                          int hookMaxBytes) {
        this.hookMaxBytes = hookMaxBytes;
        this.deliveries = deliveries;
        this.mirrors = new GitMirrors(home.resolve("git"));
        this.repos = new RepoRegistry(repoStore);
        CommitStatuses statuses = new CommitStatuses(new StatusReporter(), repos, runs, control,
                new CommitStatuses.Urls(apiUrls, withoutTrailingSlash(publicUrl)));
        control.addListener(statuses);
        this.builds = new GitBuilds(repos, mirrors, programs, runs, control, statuses);
        this.queue = new DeliveryQueue(deliveries, builds, runs);
        this.intake = new WebhookIntake(repos, deliveries, queue);
        this.handBuilds = new HandBuilds(builds, deliveries);
        control.resumePreparations(builds::checkoutAgain);
        queue.resume();
    }

    /** {@code /hooks/ID} of every forge, {@code /api/repos}, {@code /api/deliveries}. */
    public void register(HttpRouting.Builder routing) {
        routing.register("/hooks", new HooksService(intake, hookMaxBytes))
                .register("/api/repos", new ReposService(repos, handBuilds))
                .register("/api/deliveries", new DeliveriesService(deliveries));
    }

    /** For {@link lurch.server.engine.Reruns}: a git build's checkout again, from its run's data. */
    public Optional<WorkspacePreparation> checkoutAgain(Map<String, String> data) {
        return builds.checkoutAgain(data);
    }

    /** For retention: garbage-collects the mirror of every registered repository that has one; a line for each. */
    public List<String> collectMirrorGarbage() {
        List<String> lines = new ArrayList<>();
        for (Repo repo : repos.list()) {
            if (!mirrors.exists(repo.name())) {
                continue;
            }
            try {
                mirrors.mirror(repo.name(), repo.cloneUrl()).collectGarbage();
                lines.add("Collected the garbage of git mirror " + repo.name() + ".");
            } catch (GitMirrorException e) {
                lines.add("Git mirror " + repo.name() + ": " + e.getMessage());
            }
        }
        return lines;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        queue.close();
        mirrors.close();
    }
}
