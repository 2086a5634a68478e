package lurch.server.artifacts;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import lurch.db.Artifact;
import lurch.db.ArtifactStore;

/**
 * The kept artifacts of top runs, for listing and serving. Only a path the database lists for that run is ever
 * opened, and never through a symbolic link: no request can reach another file of the server.
 */
public final class StoredArtifacts {

    private final ArtifactPaths paths;
    private final ArtifactStore store;

    public StoredArtifacts(ArtifactPaths paths, ArtifactStore store) {
        this.paths = paths;
        this.store = store;
    }

    /** The files kept from top run {@code topId}, by path. */
    public List<Artifact> of(long topId) {
        return store.of(topId);
    }

    /** An opened artifact: the caller closes the channel. */
    public record Opened(Artifact artifact, FileChannel channel) {}

    /**
     * Opens the file {@code path} of top run {@code topId}; empty when the path is not a valid artifact path or not
     * one the run kept (or its file is gone).
     */
    public Optional<Opened> open(long topId, String path) throws IOException {
        if (ArtifactPaths.problem(path).isPresent()) {
            return Optional.empty();
        }
        Optional<Artifact> artifact = store.find(topId, path);
        if (artifact.isEmpty()) {
            return Optional.empty();
        }
        Path file = paths.kept(topId).resolve(path);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty(); // gone, or (never made by Lurch) a link
        }
        try {
            return Optional.of(new Opened(artifact.get(), FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
        } catch (FileSystemException e) {
            return Optional.empty(); // replaced meanwhile
        }
    }
}
