package lurch.isolation;

import java.util.concurrent.CompletableFuture;

/** A started process (see {@link Isolator#start}). */
public interface Execution {

    /**
     * Completes once the process has exited, all of its output has been handed to the sink, and its
     * cgroup is gone. Processes it left running in the background are killed at that point.
     */
    CompletableFuture<ExecResult> result();

    /**
     * Kills every process of this exec (its cgroup and process group, or the docker exec's process
     * tree); the result then completes within a second with exit code -9. Idempotent.
     */
    void kill();
}
