package lurch.db.jdbi;

import java.util.List;
import java.util.Optional;
import lurch.db.Artifact;
import lurch.db.ArtifactStore;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Artifacts in table artifacts, one row per kept file. */
public final class JdbiArtifactStore implements ArtifactStore {

    private final Jdbi jdbi;

    public JdbiArtifactStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void record(long runId, List<Artifact> files) {
        if (files.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO artifacts (run_id, path, size_bytes) VALUES (:run, :path, :size)");
            for (Artifact file : files) {
                batch.bind("run", runId).bind("path", file.path()).bind("size", file.sizeBytes()).add();
            }
            batch.execute();
        });
    }

    @Override
    public List<Artifact> of(long runId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT path, size_bytes FROM artifacts WHERE run_id = :run ORDER BY path")
                .bind("run", runId).map((rs, ctx) -> new Artifact(rs.getString(1), rs.getLong(2))).list());
    }

    @Override
    public Optional<Artifact> find(long runId, String path) {
        return jdbi.withHandle(h -> h.createQuery("SELECT path, size_bytes FROM artifacts WHERE run_id = :run AND path = :path")
                .bind("run", runId).bind("path", path).map((rs, ctx) -> new Artifact(rs.getString(1), rs.getLong(2))).findOne());
    }
}
