package lurch.server.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.concurrent.CompletableFuture;
import lurch.db.ProgramVersion;
import lurch.db.Run;

/**
 * What the outside (REST API, CLI, pages, webhooks) may ask of the engine. Reads go to the stores
 * directly; everything that changes a run goes through here, so the engine sees every event at once.
 */
public interface RunControl {

    /**
     * The version a start by program name runs: the latest, read once, so that the run is of the version the caller
     * saw even when another is saved meanwhile.
     *
     * @throws NoSuchProgramException when there is no such program
     */
    ProgramVersion latest(String program);

    /**
     * Starts {@code version} as a new top run: the version a caller just saved (API, web editor, git build), the
     * {@link #latest} of a program started by name, a pull request's version (which never becomes the latest and
     * whose runs get no secrets) or the version of a run started again. Never another version saved meanwhile.
     * {@code presets} answer the {@code let}s of those names upfront; {@code data} is stored as the run's key-value
     * data and is visible to the program as variables too (git_commit, ...). {@code creator} is "user:NAME",
     * "spawn:RUN", "webhook:DELIVERY" or "schedule". {@code preparation} fills the run's workspace before its first
     * command runs (a git checkout); when it fails, the run fails with the reason in its log. It may be null: the
     * workspace then starts empty.
     */
    Run start(ProgramVersion version, Map<String, String> presets, Map<String, String> data, String creator,
              WorkspacePreparation preparation);

    /**
     * Starts {@code version} as a new top run that {@code claim} creates in its own database transaction (a
     * schedule's firing): empty, and nothing started, when the claim was already taken.
     */
    Optional<Run> start(ProgramVersion version, Map<String, String> presets, String creator, StartClaim claim);

    /**
     * Runs {@code create} (which stores the new run and answers its id) inside a transaction of its own, if the
     * claim it stands for is still free; answers the id, or empty when it was not.
     */
    @FunctionalInterface
    interface StartClaim {
        Optional<Long> claim(LongSupplier create);
    }

    /**
     * Starts the top runs a previous server created with key-value data (git builds) but had not yet started,
     * typically because it died during their workspace checkout: their workspace is emptied and {@code source}'s
     * preparation for their data runs again before their first command, so no build goes on with a checkout cut
     * short. Called once, after the engine resumed, by whoever can prepare such runs.
     */
    void resumePreparations(WorkspacePreparation.Source source);

    /**
     * Records that {@code program}'s text could not be started because it is invalid: a top run that ended at
     * once as FAILURE (exit code 127) without a program version, {@code errors} (e.g. "3:7: expected ...") in
     * its log and {@code data} as its key-value data. Listeners hear of it as of any run that ended.
     */
    Run reject(String program, Map<String, String> data, String creator, List<String> errors);

    /** Adds one of Lurch's own lines to a run's log (also after it ended), e.g. a commit-status answer. */
    void note(long runId, String text);

    /** Cancels the run and everything below it; false when it had already ended. */
    boolean cancel(long runId, String by);

    /** Settles a waiting {@code approve}. @throws NotWaitingException when the run waits for no approval */
    void approve(long runId, boolean approved, String message, String by);

    /** Gives the value of a waiting {@code let}. @throws NotWaitingException when the run waits for no answer */
    void answer(long runId, String value, String by);

    /** Completes with the run once it has ended (at once when it already has). */
    CompletableFuture<Run> whenFinished(long runId);

    /** Listeners hear of every change of run state and of stored log lines. */
    void addListener(RunListener listener);

    /** Thrown when a program name is unknown. */
    final class NoSuchProgramException extends RuntimeException {
        public NoSuchProgramException(String program) {
            super("no program named '" + program + "'");
        }
    }

    /** Thrown when a run is not waiting for what was given to it. */
    final class NotWaitingException extends RuntimeException {
        public NotWaitingException(String message) {
            super(message);
        }
    }
}
