package lurch.hooks.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes a commit's tree into a plain directory, without a {@code .git}.
 *
 * <p>The tree comes from a remote and may be hostile: entries named {@code ..}, {@code .git} or empty are refused,
 * files are created, never overwritten, and directories are made one level at a time refusing any symlink on the
 * way, so a symlink entry (a crafted tree may repeat a name) cannot redirect later entries outside the target.
 */
final class TreeExport {
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> REGULAR = PosixFilePermissions.fromString("rw-r--r--");

    private final Repository repository;
    private final RevCommit commit;
    private final Path target;
    /** Directories made (or found real) so far; nothing can replace them, since nothing is overwritten. */
    private final Set<Path> directories = new HashSet<>();

    TreeExport(Repository repository, RevCommit commit, Path target) {
        this.repository = repository;
        this.commit = commit;
        this.target = target.toAbsolutePath().normalize();
        directories.add(this.target);
    }

    void run() throws IOException, GitMirrorException {
        prepareTarget();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                String path = walk.getPathString();
                Path file = safePath(path);
                makeDirectories(file.getParent(), path);
                write(walk, file);
            }
        }
    }

    private void prepareTarget() throws IOException, GitMirrorException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new GitMirrorException("cannot check out into " + target + ": the directory is not empty");
                }
            }
        } else {
            Files.createDirectories(target);
        }
    }

    private void makeDirectories(Path directory, String path) throws IOException, GitMirrorException {
        if (directories.contains(directory)) {
            return;
        }
        makeDirectories(directory.getParent(), path);
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(directory);
        } else if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw unsafe(path, "runs through " + target.relativize(directory) + ", which is not a directory");
        }
        directories.add(directory);
    }

    private Path safePath(String path) throws GitMirrorException {
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || segment.toLowerCase(Locale.ROOT).equals(Constants.DOT_GIT) || segment.indexOf('\0') >= 0) {
                throw unsafe(path, "has the forbidden name '" + segment + "'");
            }
        }
        Path file = target.resolve(path).normalize();
        if (!file.startsWith(target) || file.equals(target)) {
            throw unsafe(path, "lies outside the checkout");
        }
        return file;
    }

    private void write(TreeWalk walk, Path file) throws IOException {
        FileMode mode = walk.getFileMode(0);
        if (mode == FileMode.GITLINK) {
            Files.createDirectory(file); // a submodule: its commit is in another repository
        } else if (mode == FileMode.SYMLINK) {
            byte[] link = repository.open(walk.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes();
            Files.createSymbolicLink(file, Paths.get(new String(link, StandardCharsets.UTF_8)));
        } else {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                repository.open(walk.getObjectId(0), Constants.OBJ_BLOB).copyTo(out);
            }
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null) {
                view.setPermissions(mode == FileMode.EXECUTABLE_FILE ? EXECUTABLE : REGULAR);
            }
        }
    }

    private GitMirrorException unsafe(String path, String why) {
        return new GitMirrorException("commit " + commit.name() + " has an unsafe path '" + path + "' that " + why);
    }
}
