package lurch.server.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import lurch.db.WorkQueue;
import lurch.isolation.linux.SafeDelete;
import lurch.server.artifacts.ArtifactPaths;
import lurch.server.engine.WorkspacePreparation;
import lurch.server.engine.Workspaces;

/**
 * The directories a worker keeps per top run it serves: the tree's workspace, made (and a git build checked out) by
 * the first of its isolates to come here, and its /artifacts staging, whose files go to the server when an isolate
 * ends. Both go when the tree ends, and all of them when the worker starts clean.
 */
final class WorkerTrees {
    private static final Logger LOG = Logger.getLogger(WorkerTrees.class.getName());

    private final Worker.Settings settings;
    private final WorkQueue queue;
    private final LineWriter lines;
    private final ArtifactPaths artifacts;
    private final Workspaces workspaces;
    private final LongFunction<Optional<WorkspacePreparation>> preparationOf;
    /** Top runs whose workspace this process has prepared, each with a lock its isolates take while it is made. */
    private final Map<Long, Object> prepared = new ConcurrentHashMap<>();

    WorkerTrees(Worker.Settings settings, WorkQueue queue, LineWriter lines,
                LongFunction<Optional<WorkspacePreparation>> preparationOf) {
        this.settings = settings;
        this.queue = queue;
        this.lines = lines;
        this.preparationOf = preparationOf;
        this.artifacts = new ArtifactPaths(settings.home());
        this.workspaces = new Workspaces(settings.home());
    }

    /**
     * The workspace of the claim's tree on this worker, made the first time one of the tree's isolates comes here: a
     * git build's worker fetches the repository and checks the commit out itself.
     */
    Path workspace(WorkQueue.Claim claim) throws Exception {
        long topId = claim.topId();
        Path workspace = workspaces.dir(topId);
        Object lock = prepared.computeIfAbsent(topId, id -> new Object());
        synchronized (lock) {
            if (!Files.isDirectory(workspace)) {
                Files.createDirectories(workspace);
                Optional<WorkspacePreparation> preparation = preparationOf.apply(topId);
                if (preparation.isPresent()) {
                    try {
                        preparation.get().prepare(topId, workspace);
                    } catch (Exception e) {
                        workspaces.delete(topId); // the next isolate of the tree tries again
                        throw e;
                    }
                    lines.info(claim.builderRunId(), topId, "Checked out on worker " + settings.name() + ".");
                }
            }
        }
        return workspace;
    }

    /** The tree's /artifacts directory on this worker, made if missing. */
    Path staging(long topId) throws IOException {
        return Files.createDirectories(artifacts.staging(topId));
    }

    /**
     * Sends the regular files of the tree's /artifacts (links are not followed), at most {@code artifactLimit} bytes;
     * each file left out gets a line. They stay here too, for the tree's later isolates on this worker.
     */
    void sendArtifacts(WorkQueue.Claim claim) {
        Path staging = artifacts.staging(claim.topId());
        if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        long sent = 0;
        try (var files = Files.walk(staging)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                String path = staging.relativize(file).toString();
                long size = Files.size(file);
                if (sent + size > settings.artifactLimit()) {
                    lines.info(claim.builderRunId(), claim.topId(), "Artifact '" + path + "' not sent from worker "
                            + settings.name() + ": it would pass LURCH_ARTIFACT_LIMIT.");
                    continue;
                }
                queue.putArtifact(claim.topId(), path, Files.readAllBytes(file));
                sent += size;
            }
        } catch (IOException | RuntimeException e) {
            lines.info(claim.builderRunId(), claim.topId(), "Artifacts not sent from worker " + settings.name() + ": "
                    + e.getMessage());
        }
    }

    /** The tree has ended: its workspace and artifacts go (its isolates were torn down first). */
    void delete(long topId) {
        prepared.remove(topId);
        workspaces.delete(topId);
        delete(artifacts.staging(topId));
    }

    /** Every tree's directories, whatever process of this worker left them. */
    void deleteAll() {
        workspaces.deleteAll();
        deleteContents(artifacts.stagingRoot());
    }

    private static void deleteContents(Path dir) {
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                entries.forEach(WorkerTrees::delete);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot clean " + dir, e);
            }
        }
    }

    private static void delete(Path dir) {
        try {
            SafeDelete.deleteTree(dir);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete " + dir, e);
        }
    }
}
