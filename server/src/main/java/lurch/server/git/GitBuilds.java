package lurch.server.git;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import lurch.db.ProgramStore;
import lurch.db.ProgramVersion;
import lurch.db.Repo;
import lurch.db.Run;
import lurch.db.RunStore;
import lurch.hooks.git.CommitInfo;
import lurch.hooks.git.GitMirror;
import lurch.hooks.git.GitMirrorException;
import lurch.hooks.git.GitMirrors;
import lurch.interpreter.Programs;
import lurch.interpreter.ast.Command;
import lurch.server.engine.ProgramVersions;
import lurch.server.engine.RunControl;
import lurch.server.engine.WorkspacePreparation;

/**
 * Builds a commit of a registered repository: fetches its mirror, reads {@code .lurch} at the commit, stores it as
 * the latest version of the program named after the repository when its canonical text changed, and starts a run
 * whose workspace is the commit's tree. Builds of one repository happen one at a time, so that each run starts the
 * version its own commit stored.
 *
 * <p>A pull or merge request's {@code .lurch} is stored as a pull request's version instead, which never becomes
 * the latest and whose runs get no secrets; from a fork, under the repository's {@code approve} policy, it waits
 * for a person's approval first ({@link PullRequest#awaitingApproval}).
 */
final class GitBuilds {
    static final String PROGRAM_FILE = ".lurch";
    private static final String BRANCHES = "refs/heads/";
    private static final String TAGS = "refs/tags/";
    private static final int RECENT_RUNS = 50;

    private final RepoRegistry repos;
    private final GitMirrors mirrors;
    private final ProgramVersions versions;
    private final RunStore runs;
    private final RunControl control;
    private final CommitStatuses statuses;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final GitCheckouts checkouts;

    GitBuilds(RepoRegistry repos, GitMirrors mirrors, ProgramStore programs, RunStore runs, RunControl control,
              CommitStatuses statuses) {
        this.repos = repos;
        this.mirrors = mirrors;
        this.versions = new ProgramVersions(programs);
        this.runs = runs;
        this.control = control;
        this.statuses = statuses;
        this.checkouts = new GitCheckouts(repos::get, mirrors);
    }

    /** The commit the request names, fetched and resolved, and the ref and branch it was found under. */
    private record Target(String sha, String ref, String branch) {}

    BuildOutcome build(BuildRequest request) throws GitMirrorException {
        Repo repo = repos.get(request.repo()).orElseThrow(() ->
                new GitMirrorException("repository '" + request.repo() + "' is no longer registered"));
        ReentrantLock lock = locks.computeIfAbsent(repo.name(), name -> new ReentrantLock());
        lock.lock();
        try {
            return build(repo, request);
        } finally {
            lock.unlock();
        }
    }

    private BuildOutcome build(Repo repo, BuildRequest request) throws GitMirrorException {
        GitMirror mirror = mirrors.mirror(repo.name(), repo.cloneUrl());
        fetch(mirror, repo, request.ref());
        Target target = target(mirror, request);
        String sha = target.sha();
        Optional<String> text = mirror.readFile(sha, PROGRAM_FILE);
        if (text.isEmpty()) {
            return new BuildOutcome.Skipped(sha, "commit " + sha + " has no " + PROGRAM_FILE + " file");
        }
        CommitInfo commit = mirror.commit(sha);
        Map<String, String> data = GitVariables.of(repo, target.ref(), target.branch(), commit);
        Programs.Parsed parsed = Programs.parse(text.get());
        if (!parsed.ok()) {
            List<String> errors = parsed.diagnostics().stream().map(d -> d.format(PROGRAM_FILE)).toList();
            Run run = control.reject(repo.name(), data, request.creator(), errors);
            return new BuildOutcome.Rejected(sha, run.id(), errors.getFirst());
        }
        WorkspacePreparation checkout = checkout(repo, mirror, sha);
        PullRequest pullRequest = request.pullRequest();
        if (pullRequest != null) {
            Command program = pullRequest.fromFork() && repo.pullRequests() == Repo.PullRequests.APPROVE
                    ? pullRequest.awaitingApproval(parsed.program(), sha) : parsed.program();
            ProgramVersion version = versions.savePullRequest(repo.name(), program, "git:" + sha);
            return new BuildOutcome.Started(sha, control.start(version, Map.of(), data, request.creator(), checkout).id());
        }
        ProgramVersion version = versions.saveIfChanged(repo.name(), parsed.program(), "git:" + sha);
        if (repo.cancelPrevious() && target.ref() != null && target.ref().startsWith(BRANCHES)) {
            cancelRunningBuilds(repo.name(), target.ref(), sha);
        }
        Run run = control.start(version, Map.of(), data, request.creator(), checkout);
        return new BuildOutcome.Started(sha, run.id());
    }

    private WorkspacePreparation checkout(Repo repo, GitMirror mirror, String sha) {
        return (runId, workspace) -> {
            statuses.pending(repo, sha, runId);
            mirror.checkout(sha, workspace);
        };
    }

    /**
     * The checkout of a git build created before a restart but not started (the crash may have cut its checkout
     * short): fetched again first, since the fetch may have been cut short too.
     */
    Optional<WorkspacePreparation> checkoutAgain(Map<String, String> data) {
        return checkouts.of(data).map(checkout -> (runId, workspace) -> {
            repos.get(data.get(GitVariables.REPO))
                    .ifPresent(repo -> statuses.pending(repo, data.get(GitVariables.COMMIT), runId));
            checkout.prepare(runId, workspace);
        });
    }

    /** Branches and tags, plus a pull or merge request's own ref, which plain fetches do not bring. */
    static void fetch(GitMirror mirror, Repo repo, String ref) throws GitMirrorException {
        try {
            if (ref != null && !ref.startsWith(BRANCHES) && !ref.startsWith(TAGS)) {
                mirror.fetch(ref);
            } else {
                mirror.fetch();
            }
        } catch (GitMirrorException e) {
            if (repo.cloneUrl().startsWith("ssh:")) {
                throw new GitMirrorException(e.getMessage() + " (ssh:// needs JGit's SSH module, which this build"
                        + " of Lurch does not include: register an https:// URL, with a token in it if needed)", e);
            }
            throw e;
        }
    }

    /**
     * A webhook names the sha, ref and branch. By hand, the revision is looked up as a branch, then a tag, then
     * as a full ref or sha, as git would.
     */
    private static Target target(GitMirror mirror, BuildRequest request) throws GitMirrorException {
        String revision = request.revision();
        if (request.ref() != null) {
            return new Target(mirror.resolve(revision), request.ref(), request.branch());
        }
        List<String> refs = revision.startsWith("refs/") ? List.of(revision) : List.of(BRANCHES + revision, TAGS + revision);
        for (String ref : refs) {
            try {
                String sha = mirror.resolve(ref);
                return new Target(sha, ref, ref.startsWith(BRANCHES) ? ref.substring(BRANCHES.length()) : null);
            } catch (GitMirrorException notThisRef) {
                // try the next kind of name
            }
        }
        return new Target(mirror.resolve(revision), null, null);
    }

    /**
     * Cancels the unfinished builds of {@code ref}, a branch. By ref, not branch name: a pull request from a fork's
     * branch "main" must neither cancel nor be cancelled by builds of this repository's main.
     */
    private void cancelRunningBuilds(String program, String ref, String sha) {
        for (Run run : runs.topRuns(program, RECENT_RUNS)) {
            if (!run.status().isFinal() && ref.equals(runs.data(run.id()).get(GitVariables.REF))) {
                control.cancel(run.id(), "a newer push to " + ref.substring(BRANCHES.length()) + " ("
                        + sha.substring(0, 12) + ")");
            }
        }
    }
}
