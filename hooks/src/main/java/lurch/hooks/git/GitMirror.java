package lurch.hooks.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A bare mirror of one remote repository, fetched incrementally, from which builds read {@code .lurch} files and
 * check out trees.
 *
 * <p>Thread-safe: fetches are serialised by a lock per mirror; reads run concurrently (JGit's repository is safe
 * for concurrent readers, and a fetch only adds objects and moves refs atomically).
 */
public final class GitMirror implements AutoCloseable {
    private static final List<RefSpec> BRANCHES_AND_TAGS =
            List.of(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"));
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{4,40}");
    /** Seconds a fetch may wait on the network before it fails. */
    private static final int FETCH_TIMEOUT_SECONDS = 120;
    /** The largest file {@link #readFile} returns; a program file bigger than this is a mistake. */
    private static final int MAX_FILE_BYTES = 4 << 20;

    private final String name;
    private final Repository repository;
    private final ReentrantLock fetchLock = new ReentrantLock();
    private volatile String cloneUrl;

    private GitMirror(String name, String cloneUrl, Repository repository) {
        this.name = name;
        this.cloneUrl = cloneUrl;
        this.repository = repository;
    }

    /**
     * Opens the bare repository in {@code directory}, creating it empty if needed, without what a fetch killed in the
     * middle left there ({@link #removeLeftLocks}).
     */
    static GitMirror open(String name, String cloneUrl, Path directory) throws GitMirrorException {
        try {
            removeLeftLocks(directory);
            Repository repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().build();
            if (!repository.getObjectDatabase().exists()) {
                repository.create(true);
            }
            return new GitMirror(name, cloneUrl, repository);
        } catch (IOException | IllegalStateException e) {
            throw new GitMirrorException("cannot create the mirror of " + name + " in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the files a fetch holds only while it runs, which a server killed during one leaves behind: JGit's
     * {@code .lock} files (of a ref, packed-refs, the config, and of the {@code .keep} that marks a received pack
     * until it is in place), such {@code .keep} files, and the pack still being received ({@code incoming_*}). A left
     * {@code .keep.lock} failed every later fetch that brought the same objects ("Cannot lock pack"), so every build
     * of the repository; a left ref lock kept the branch where it was. Only at open: a mirror belongs to one process
     * (its {@code LURCH_HOME}), which opens it once ({@link GitMirrors}).
     *
     * <p>And a pack without its index: JGit moves a received pack into place before its index, and a later fetch
     * of the same objects, finding the pack's name taken, takes them for received; killed in between, the mirror
     * had a pack no one can read and lacked its objects for good ("Missing unknown ..." at every later fetch).
     */
    private static void removeLeftLocks(Path directory) throws IOException {
        Path objects = directory.resolve("objects");
        Path packs = objects.resolve("pack");
        for (Path dir : List.of(directory, objects, packs)) {
            delete(dir, false, name -> name.endsWith(".lock") || name.endsWith(".keep") || name.startsWith("incoming_"));
        }
        delete(packs, false, name -> name.endsWith(".pack")
                && !Files.exists(packs.resolve(name.substring(0, name.length() - ".pack".length()) + ".idx")));
        // a ref's name never ends in ".lock" (git refuses it), but may well end in ".keep"
        delete(directory.resolve("refs"), true, name -> name.endsWith(".lock"));
    }

    /** Deletes the files in {@code dir} (and, if {@code below}, in its subdirectories) whose name is {@code leftover}. */
    private static void delete(Path dir, boolean below, Predicate<String> leftover) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = below ? Files.walk(dir) : Files.list(dir)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && leftover.test(f.getFileName().toString())).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The repository's name, e.g. {@code owner/repo}. */
    public String name() {
        return name;
    }

    /** The bare repository's directory. */
    public Path directory() {
        return repository.getDirectory().toPath();
    }

    void useCloneUrl(String url) {
        cloneUrl = url;
    }

    /** Brings all branches and tags up to date with the remote; deleted remote refs are deleted here too. */
    public void fetch() throws GitMirrorException {
        fetch(BRANCHES_AND_TAGS);
    }

    /**
     * Fetches branches and tags and also {@code extraRef}, e.g. {@code refs/pull/2/head}, which forges keep for pull
     * and merge requests (also those from forks) but which plain branch fetches do not bring.
     */
    public void fetch(String extraRef) throws GitMirrorException {
        if (!extraRef.startsWith("refs/") || extraRef.contains("*") || extraRef.contains(":")) {
            throw new GitMirrorException("cannot fetch '" + extraRef + "': expected a full ref such as refs/pull/2/head");
        }
        fetch(List.of(BRANCHES_AND_TAGS.get(0), BRANCHES_AND_TAGS.get(1), new RefSpec("+" + extraRef + ":" + extraRef)));
    }

    private void fetch(List<RefSpec> specs) throws GitMirrorException {
        fetchLock.lock();
        try (Git git = Git.wrap(repository)) {
            git.fetch().setRemote(cloneUrl).setRefSpecs(specs).setRemoveDeletedRefs(true)
                    .setTagOpt(TagOpt.NO_TAGS).setTimeout(FETCH_TIMEOUT_SECONDS).call();
        } catch (GitAPIException | RuntimeException e) {
            throw new GitMirrorException("fetching " + name + " from " + RemoteUrls.withoutCredentials(cloneUrl)
                    + " failed: " + RemoteUrls.withoutCredentials(String.valueOf(e.getMessage())), e);
        } finally {
            fetchLock.unlock();
        }
    }

    /**
     * Packs the mirror's objects and prunes the unreachable ones past JGit's grace period, as {@code git gc} does;
     * not during a fetch. Retention calls it hourly.
     */
    public void collectGarbage() throws GitMirrorException {
        fetchLock.lock();
        try (Git git = Git.wrap(repository)) {
            git.gc().call();
        } catch (GitAPIException | RuntimeException e) {
            throw new GitMirrorException("collecting the garbage of mirror " + name + " failed: " + e.getMessage(), e);
        } finally {
            fetchLock.unlock();
        }
    }

    /**
     * The commit sha a branch name, tag name, full ref or (possibly abbreviated) sha stands for; annotated tags are
     * peeled to their commit. Git's order applies when a name is both a tag and a branch: the tag wins.
     */
    public String resolve(String revision) throws GitMirrorException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(objectOf(revision)).name();
        } catch (MissingObjectException e) {
            throw unknown(revision);
        } catch (IOException e) {
            throw new GitMirrorException("cannot resolve '" + revision + "' in " + name + ": " + e.getMessage(), e);
        }
    }

    private ObjectId objectOf(String revision) throws IOException, GitMirrorException {
        if (revision == null || revision.isBlank()) {
            throw new GitMirrorException("no revision given for " + name);
        }
        if (!RevisionNames.isRefName(revision) && !HEX.matcher(revision).matches()) {
            throw unknown(revision);
        }
        Ref ref = repository.getRefDatabase().findRef(revision);
        if (ref != null && ref.getObjectId() != null) {
            return ref.getObjectId();
        }
        // Only plain hex: JGit's revision syntax (HEAD~2, @{u}, ...) is not part of what a build may name.
        ObjectId id = HEX.matcher(revision).matches() ? repository.resolve(revision) : null;
        if (id == null) {
            throw unknown(revision);
        }
        return id;
    }

    private GitMirrorException unknown(String revision) {
        return new UnknownRevisionException("unknown revision '" + revision + "' in " + name
                + ": no such branch, tag or commit (was the mirror fetched?)");
    }

    /** The text of {@code path} in commit {@code sha}, or empty when the commit has no such file. */
    public Optional<String> readFile(String sha, String path) throws GitMirrorException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(objectOf(sha));
            try (TreeWalk file = TreeWalk.forPath(repository, path, commit.getTree())) {
                if (file == null || (file.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
                    return Optional.empty();
                }
                ObjectLoader loader = repository.open(file.getObjectId(0), Constants.OBJ_BLOB);
                if (loader.getSize() > MAX_FILE_BYTES) {
                    throw new GitMirrorException(path + " in " + name + " at " + sha + " is larger than "
                            + MAX_FILE_BYTES + " bytes");
                }
                return Optional.of(new String(loader.getCachedBytes(MAX_FILE_BYTES), StandardCharsets.UTF_8));
            }
        } catch (MissingObjectException e) {
            throw unknown(sha);
        } catch (IOException e) {
            throw new GitMirrorException("cannot read " + path + " at " + sha + " in " + name + ": " + e.getMessage(), e);
        }
    }

    /** Author, message and time of a commit. */
    public CommitInfo commit(String sha) throws GitMirrorException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(objectOf(sha));
            PersonIdent author = commit.getAuthorIdent();
            return new CommitInfo(commit.name(), author.getName(), author.getEmailAddress(), commit.getFullMessage(),
                    author.getWhenAsInstant());
        } catch (MissingObjectException e) {
            throw unknown(sha);
        } catch (IOException e) {
            throw new GitMirrorException("cannot read commit " + sha + " in " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the tree of commit {@code sha} into {@code target}, which must not exist or be empty: regular and
     * executable files with their mode, symlinks as symlinks, submodules as empty directories, and no {@code .git}.
     */
    public void checkout(String sha, Path target) throws GitMirrorException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(objectOf(sha));
            new TreeExport(repository, commit, target).run();
        } catch (MissingObjectException e) {
            throw unknown(sha);
        } catch (IOException e) {
            throw new GitMirrorException("cannot check out " + sha + " of " + name + " into " + target + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        repository.close();
    }
}
