package lurch.server.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where isolates are built and their processes run. The engine steps run trees and keeps their state in the
 * database; an executor does the leaves that take time, and tells of their end through the futures it answers. Its
 * output lines go to the run's log by the executor's own means (the local log buffer, or a worker's writes to the
 * database). Implementations: on this machine, on workers that claim isolates through PostgreSQL, and an in-memory
 * fake for tests of the language.
 *
 * <p>The engine calls {@link #build}, {@link #exec}, {@link #stop}, {@link #tearDown} and {@link #treeEnded} under
 * the tree's lock, so they must not wait long; the futures may complete on any thread, even before they are
 * returned. {@link #stop}, {@link #tearDown} and {@link #treeEnded} are idempotent and take ids the executor does not
 * know (a cancel stops every run of a subtree, processes or not). An engine is built on an executor with
 * {@code new Engine(stores, settings, health, context -> executor)}; see {@link ExecutorContext}.
 */
public interface Executor {

    /**
     * Builds the isolation of {@code order}: completes with true once it is built, false when it could not be (lines in
     * the builder run's log say why). Every later {@link #exec} of the isolate runs where it was built.
     */
    CompletableFuture<Boolean> build(IsolateOrder order);

    /**
     * Runs one process in the isolate of {@code order}, building the isolate again first when this executor no longer
     * has it (after a restart); completes when the process has ended, or could not start.
     */
    CompletableFuture<ExecOutcome> exec(ExecOrder order);

    /**
     * After a restart of the server: the end of exec run {@code runId} if its process outlived the server (it runs on a
     * worker), or empty when it died with the server (on this machine) and the engine must end it as after a crash.
     */
    Optional<CompletableFuture<ExecOutcome>> reattach(long runId);

    /** Kills the process of exec run {@code runId}, or drops it from a queue; its future completes (killed). */
    void stop(long runId);

    /** The isolate run {@code isolateId} has ended: its isolation is torn down. */
    void tearDown(long isolateId);

    /** The top run {@code topId} has ended: its workspace is deleted wherever it was. */
    void treeEnded(long topId);

    /** For a graceful stop: kills every process this executor runs itself, waiting at most {@code patience}. */
    void stopAll(Duration patience) throws InterruptedException;

    /**
     * At start-up, before any {@link #reattach}: removes what a previous server left of isolates on this machine,
     * except those of {@code unfinishedIsolates} (isolate run ids), which are built again when an exec needs them.
     */
    default void removeLeftovers(Set<Long> unfinishedIsolates) {}

    /** Processes this executor runs itself now, for {@code /metrics}. */
    default int processesRunning() {
        return 0;
    }

    /** Execs waiting for this executor to have room (a process slot), for {@code /metrics}. */
    default int processesQueued() {
        return 0;
    }
}
