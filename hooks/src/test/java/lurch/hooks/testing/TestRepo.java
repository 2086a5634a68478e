package lurch.hooks.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A local git repository with a working tree, for tests that need a remote to mirror: write files, commit, branch
 * and tag. Branch {@code main} is the initial branch; every commit is authored by {@link #AUTHOR}.
 */
public final class TestRepo implements AutoCloseable {
    public static final PersonIdent AUTHOR = new PersonIdent("Ada Lovelace", "ada@example.com");

    private final Git git;
    private final Path directory;

    private TestRepo(Git git, Path directory) {
        this.git = git;
        this.directory = directory;
    }

    /** A new empty repository in {@code directory}. */
    public static TestRepo create(Path directory) {
        try {
            return new TestRepo(Git.init().setDirectory(directory.toFile()).setInitialBranch("main").call(), directory);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create a test repository in " + directory, e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** The repository as a {@code file://} clone URL. */
    public String url() {
        return directory.toUri().toString();
    }

    public TestRepo write(String path, String content) {
        return io(() -> {
            Path file = directory.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        });
    }

    public TestRepo writeExecutable(String path, String content) {
        write(path, content);
        return io(() -> Files.setPosixFilePermissions(directory.resolve(path), PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    public TestRepo symlink(String path, String target) {
        return io(() -> Files.createSymbolicLink(directory.resolve(path), Paths.get(target)));
    }

    public TestRepo delete(String path) {
        return io(() -> Files.delete(directory.resolve(path)));
    }

    /** Commits every change in the working tree, additions and deletions; returns the new commit's sha. */
    public String commit(String message) {
        return call(() -> {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call().name();
        });
    }

    /** Creates branch {@code name} at the current commit and switches to it. */
    public TestRepo newBranch(String name) {
        call(() -> git.checkout().setCreateBranch(true).setName(name).call());
        return this;
    }

    public TestRepo switchTo(String branch) {
        call(() -> git.checkout().setName(branch).call());
        return this;
    }

    public TestRepo deleteBranch(String name) {
        call(() -> git.branchDelete().setBranchNames(name).setForce(true).call());
        return this;
    }

    /** A lightweight tag at the current commit. */
    public TestRepo tag(String name) {
        call(() -> git.tag().setName(name).setAnnotated(false).call());
        return this;
    }

    /** An annotated tag (a tag object of its own) at the current commit. */
    public TestRepo annotatedTag(String name, String message) {
        call(() -> git.tag().setName(name).setMessage(message).setTagger(AUTHOR).setSigned(false).call());
        return this;
    }

    /** Points {@code ref} (e.g. {@code refs/pull/7/head}, as a forge keeps for a pull request) at {@code sha}. */
    public TestRepo ref(String ref, String sha) {
        return io(() -> {
            org.eclipse.jgit.lib.RefUpdate update = git.getRepository().updateRef(ref);
            update.setNewObjectId(org.eclipse.jgit.lib.ObjectId.fromString(sha));
            update.setForceUpdate(true);
            update.update();
        });
    }

    @Override
    public void close() {
        git.close();
    }

    private interface GitCall<T> {
        T call() throws GitAPIException, IOException;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static <T> T call(GitCall<T> action) {
        try {
            return action.call();
        } catch (GitAPIException e) {
            throw new IllegalStateException("git operation in a test repository failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestRepo io(IoAction action) {
        call(() -> {
            action.run();
            return null;
        });
        return this;
    }
}
