package lurch.db;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs: the tree of executions, their state for the engine and their figures. */
public interface RunStore {

    /** Creates a run, WAITING for START; sets top, lineage and created. */
    Run create(NewRun run);

    /**
     * Creates a top run as {@link #create(NewRun)} does, with its key-value {@code data}, in one transaction: a
     * crash never leaves a git build stored without the data that says what to check out for it.
     */
    Run create(NewRun run, Map<String, String> data);

    /** Creates a run that starts at once: RUNNING, started when created (one statement fewer per run). */
    Run createStarted(NewRun run);

    /**
     * {@link #createStarted} and its parent's {@link #saveProgress} in one transaction: a child's start costs
     * one commit.
     */
    Run createStarted(NewRun run, int parentProgress);

    /**
     * {@link #finish} of run {@code id} and, only when that ended it, {@link #createStarted(NewRun, int)} of
     * {@code next}, in one transaction: in a sequence, one child's end and the next one's start cost one commit.
     * Empty, changing nothing, when the run had already ended.
     */
    Optional<Run> finishThenStart(long id, RunStatus status, Instant stopped, int exitCode, int breakLevels,
                                  Usage usage, NewRun next, int parentProgress);

    /**
     * Records a top run of {@code program} that could not start because its text is invalid: it has no program
     * version (its {@link Run#programVersionId()} is 0), is created, started and stopped at once as FAILURE with
     * {@code exitCode}. The program is created when it does not exist yet, without a version.
     */
    Run createRejected(String program, String label, String creator, int exitCode);

    Optional<Run> get(long id);

    /** The run and everything below it, ordered by id. */
    List<Run> subtree(long id);

    /** At most {@code limit} runs of {@link #subtree} with an id above {@code afterId}, ordered by id. */
    List<Run> subtree(long id, long afterId, int limit);

    /** Direct children, ordered by id. */
    List<Run> children(long id);

    /** Top runs, newest first; {@code program} null for all programs. */
    List<Run> topRuns(String program, int limit);

    /** The oldest top run {@code creator} (e.g. "webhook:DELIVERY") started, if any. */
    Optional<Run> firstTopRunBy(String creator);

    /** Runs not in a final status, ordered by id: what the engine resumes after a restart. */
    List<Run> unfinished();

    /** WAITING runs waiting for a person (APPROVAL or ANSWER), oldest first. */
    List<Run> waitingForPeople();

    void markRunning(long id, Instant started);

    void markWaiting(long id, WaitingFor waitingFor, Instant wakeAt);

    void saveProgress(long id, int progress);

    /**
     * Ends a run: sets status, stopped, exit code, break levels and usage, clears waitingFor/wakeAt.
     * Returns false (changing nothing) when the run had already ended: the engine uses this
     * as the one place where a race between, say, a process exit and a cancel is decided.
     */
    boolean finish(long id, RunStatus status, Instant stopped, int exitCode, int breakLevels, Usage usage);

    /** Key-value data of a top run (git_author, ...). Setting a key again replaces it. */
    void putData(long topRunId, String key, String value);

    java.util.Map<String, String> data(long topRunId);
}
