package lurch.server.engine;

import java.nio.file.Path;

/** Fills a new top run's workspace (e.g. with a git checkout) before its first command runs. */
@FunctionalInterface
public interface WorkspacePreparation {

    /**
     * Called once, under the run's tree lock, with the run's number and its empty workspace directory. Throwing
     * fails the run (exit code 127, could not start) with the exception's message in its log.
     */
    void prepare(long runId, Path workspace) throws Exception;
}
