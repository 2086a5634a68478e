package lurch.db;

import java.util.List;
import java.util.Optional;

/** The list of files kept from each top run's /artifacts; the bytes themselves are on the server's disk. */
public interface ArtifactStore {

    /** Records the files kept from top run {@code runId}, in one transaction. */
    void record(long runId, List<Artifact> files);

    /** The files of top run {@code runId}, ordered by path; empty when it kept none. */
    List<Artifact> of(long runId);

    /** The file {@code path} of top run {@code runId}, when it was kept: the only paths ever served. */
    Optional<Artifact> find(long runId, String path);
}
