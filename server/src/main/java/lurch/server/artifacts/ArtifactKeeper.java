package lurch.server.artifacts;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.Artifact;
import lurch.db.ArtifactStore;
import lurch.isolation.linux.SafeDelete;

/**
 * Keeps what a top run left in /artifacts when it ends: copies the regular files of its staging directory to
 * {@code artifacts/TOP/}, records them, and deletes the staging directory. Programs are hostile: the staging
 * directory is read through directory handles that never follow a symbolic link (a link swapped in for a
 * directory while copying cannot lead out), at most {@code limitBytes} bytes and {@link #MAX_FILES} files are
 * copied in all, and every file that is not kept gets a line in the run's log saying why.
 */
public final class ArtifactKeeper {
    private static final Logger LOG = Logger.getLogger(ArtifactKeeper.class.getName());
    /** More files than a person can look through; a program making millions would only fill the database. */
    public static final int MAX_FILES = 10_000;
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final ArtifactPaths paths;
    private final ArtifactStore store;
    private final long limitBytes;

    public ArtifactKeeper(ArtifactPaths paths, ArtifactStore store, long limitBytes) {
        this.paths = paths;
        this.store = store;
        this.limitBytes = limitBytes;
    }

    /** The (created) directory the isolates of top run {@code topId} see at /artifacts. */
    public Path staging(long topId) throws IOException {
        return Files.createDirectories(paths.staging(topId));
    }

    /** Keeps the files of top run {@code topId}; {@code log} gets the lines for its log. Never throws. */
    public void keep(long topId, Consumer<String> log) {
        Path staging = paths.staging(topId);
        if (!Files.isDirectory(staging, NO_FOLLOW)) {
            return;
        }
        Copy copy = new Copy(paths.kept(topId), log);
        try (DirectoryStream<Path> top = Files.newDirectoryStream(staging)) {
            if (!(top instanceof SecureDirectoryStream<Path> secure)) {
                throw new IOException("this file system cannot read directories without following links");
            }
            copy.directory(secure, "");
            store.record(topId, copy.kept);
            if (!copy.kept.isEmpty()) {
                log.accept("Kept " + copy.kept.size() + " artifact" + (copy.kept.size() == 1 ? "" : "s") + " ("
                        + copy.bytes + " bytes).");
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot keep the artifacts of run #" + topId, e);
            log.accept("Artifacts not kept: " + e.getMessage());
        } finally {
            delete(staging);
        }
    }

    private static void delete(Path dir) {
        try {
            SafeDelete.deleteTree(dir);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete " + dir, e);
        }
    }

    /** One keeping: what was copied so far. */
    private final class Copy {
        private final Path target;
        private final Consumer<String> log;
        private final List<Artifact> kept = new ArrayList<>();
        private long bytes;

        Copy(Path target, Consumer<String> log) {
            this.target = target;
            this.log = log;
        }

        void directory(SecureDirectoryStream<Path> dir, String prefix) throws IOException {
            for (Path entry : dir) {
                Path name = entry.getFileName();
                String path = prefix + name;
                BasicFileAttributes attrs = dir.getFileAttributeView(name, BasicFileAttributeView.class, NO_FOLLOW).readAttributes();
                if (attrs.isDirectory() && path.length() > ArtifactPaths.MAX_LENGTH) {
                    refuse(path, "its path is longer than " + ArtifactPaths.MAX_LENGTH + " characters");
                } else if (attrs.isDirectory()) {
                    try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, NO_FOLLOW)) {
                        directory(sub, path + "/");
                    }
                } else if (!attrs.isRegularFile()) {
                    refuse(path, attrs.isSymbolicLink() ? "it is a symbolic link" : "it is not a regular file");
                } else if (ArtifactPaths.problem(path).isPresent()) {
                    refuse(path, ArtifactPaths.problem(path).get());
                } else if (kept.size() >= MAX_FILES) {
                    refuse(path, "a run keeps at most " + MAX_FILES + " files");
                } else if (attrs.size() > limitBytes - bytes) {
                    refuse(path, "its " + attrs.size() + " bytes would pass LURCH_ARTIFACT_LIMIT (" + limitBytes + " bytes per run, "
                            + bytes + " kept)");
                } else {
                    file(dir, name, path);
                }
            }
        }

        /** Copies one file, at most the bytes left under the limit (it may grow while being read). */
        private void file(SecureDirectoryStream<Path> dir, Path name, String path) throws IOException {
            Path destination = target.resolve(path);
            Files.createDirectories(destination.getParent());
            long left = limitBytes - bytes;
            long copied = 0;
            boolean over = false;
            try (SeekableByteChannel in = dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
                 OutputStream out = Files.newOutputStream(destination, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                int read;
                while ((read = in.read(buffer)) > 0) {
                    if (copied + read > left) {
                        over = true;
                        break;
                    }
                    out.write(buffer.array(), 0, read);
                    copied += read;
                    buffer.clear();
                }
            }
            if (over) {
                Files.delete(destination);
                refuse(path, "it grew past LURCH_ARTIFACT_LIMIT (" + limitBytes + " bytes per run) while being kept");
                return;
            }
            bytes += copied;
            kept.add(new Artifact(path, copied));
        }

        private void refuse(String path, String why) {
            log.accept("Artifact '" + printable(path) + "' not kept: " + why + ".");
        }
    }

    /** A path as it may appear in a log line: control characters shown as '?'. */
    private static String printable(String path) {
        String shown = path.length() > ArtifactPaths.MAX_LENGTH ? path.substring(0, ArtifactPaths.MAX_LENGTH) + "…" : path;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
