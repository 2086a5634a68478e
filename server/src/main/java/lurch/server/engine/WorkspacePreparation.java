package lurch.server.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Fills a new top run's workspace (e.g. with a git checkout) before its first command runs. */
@FunctionalInterface
public interface WorkspacePreparation {

    /**
     * Called once, under the run's tree lock, with the run's number and its empty workspace directory. Throwing
     * fails the run (exit code 127, could not start) with the exception's message in its log.
     */
    void prepare(long runId, Path workspace) throws Exception;

    /**
     * Finds a run's preparation again after a restart, from the key-value data the run was created with (a git
     * build's {@code git_repo} and {@code git_commit}); empty when the run needs none.
     */
    @FunctionalInterface
    interface Source {
        Optional<WorkspacePreparation> of(Map<String, String> data);
    }
}
