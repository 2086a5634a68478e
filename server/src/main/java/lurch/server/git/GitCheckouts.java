package lurch.server.git;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import lurch.db.Repo;
import lurch.db.RepoStore;
import lurch.hooks.git.GitMirror;
import lurch.hooks.git.GitMirrors;
import lurch.server.engine.WorkspacePreparation;

/**
 * A git build's workspace made again from its run's data ({@code git_repo}, {@code git_commit}, {@code git_ref}): the
 * repository's mirror fetched (the fetch of a build cut short by a crash, or none yet on a worker's machine), then the
 * commit checked out. Used after a restart of the server and by workers, which check a build out themselves.
 */
public final class GitCheckouts {
    private final Function<String, Optional<Repo>> repos;
    private final GitMirrors mirrors;

    /**
     * Mirrors under {@code home}/git, of the repositories registered in {@code repos}, read at each checkout (a worker
     * sees the repositories the server registers meanwhile).
     */
    public GitCheckouts(Path home, RepoStore repos) {
        this(repos::get, new GitMirrors(home.resolve("git")));
    }

    GitCheckouts(Function<String, Optional<Repo>> repos, GitMirrors mirrors) {
        this.repos = repos;
        this.mirrors = mirrors;
    }

    /** The checkout of the run whose data is {@code data}; empty when it is not a git build. */
    public Optional<WorkspacePreparation> of(Map<String, String> data) {
        String name = data.get(GitVariables.REPO);
        String sha = data.get(GitVariables.COMMIT);
        if (name == null || sha == null) {
            return Optional.empty();
        }
        String ref = data.get(GitVariables.REF);
        return Optional.of((runId, workspace) -> {
            Repo repo = repos.apply(name).orElseThrow(() ->
                    new lurch.hooks.git.GitMirrorException("repository '" + name + "' is no longer registered"));
            GitMirror mirror = mirrors.mirror(repo.name(), repo.cloneUrl());
            GitBuilds.fetch(mirror, repo, ref == null || ref.isEmpty() ? null : ref);
            mirror.checkout(sha, workspace);
        });
    }
}
